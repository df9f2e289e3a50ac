{#
    Incremental filter for facts: keep the rows whose key is not yet in the table (new articles)
    or whose derived columns changed since they were written (an actor re-resolved after a seed
    change, an incident joining a new cluster, a new exchange rate). With delete+insert on the
    key, an incremental run then gives the same table as a --full-refresh, which the tests check.
    Rows of re-extracted articles are removed beforehand by the delete_superseded_extractions
    pre-hook, so they count as new here. When the table lacks a column the model declares (a column
    added to the mart since the table was written), every row counts as changed: on_schema_change
    adds the column and the rewrite fills it, instead of leaving it NULL in the rows already there.
#}
{% macro incremental_new_or_changed(relation_alias, unique_key, compare_columns=[]) -%}
    {%- if is_incremental() and not columns_missing_from_this() %}
    where not exists (
        select 1
        from {{ this }} as existing
        where existing.{{ unique_key }} = {{ relation_alias }}.{{ unique_key }}
        {%- for column in compare_columns %}
            and existing.{{ column }} is not distinct from {{ relation_alias }}.{{ column }}
        {%- endfor %}
    )
    {%- endif %}
{%- endmacro %}


{# The columns the model's yml declares that the existing table does not have yet. #}
{% macro columns_missing_from_this() -%}
    {%- set existing = adapter.get_columns_in_relation(this) | map(attribute='name') | list -%}
    {{ return(model.columns.keys() | reject('in', existing) | list) }}
{%- endmacro %}


{#
    Pre-hook of the incremental facts: drop the rows of every article whose current extraction
    comes from another extractor version than the rows do (the article was re-extracted after an
    upgrade). The model's incremental select then inserts the article's new rows, so facts the
    new extractor no longer finds disappear instead of lingering. No-op on a first build. A table
    from before the extractor_version column cannot tell which rows are superseded: it is emptied,
    and the incremental select fills it again (on_schema_change adds the column).
#}
{% macro delete_superseded_extractions() -%}
    {%- if is_incremental() %}
    {%- if 'extractor_version' in (adapter.get_columns_in_relation(this) | map(attribute='name') | list) %}
    delete from {{ this }} as fact
    where not exists (
        select 1
        from {{ ref('int_articles_dated') }} as articles
        where articles.article_key = fact.article_key
            and articles.extractor_version = fact.extractor_version
    )
    {%- else %}
    delete from {{ this }}
    {%- endif %}
    {%- endif %}
{%- endmacro %}

{#
    Incremental filter for facts: keep the rows whose key is not yet in the table (new articles)
    or whose derived columns changed since they were written (an actor re-resolved after a seed
    change, an incident joining a new cluster, a new exchange rate). With delete+insert on the
    key, an incremental run then gives the same table as a --full-refresh, which the tests check.
    Rows that a new extractor version no longer produces are removed beforehand by the
    delete_superseded_extractions pre-hook.
    A compare column the existing table does not have yet (added by a new version of the model)
    makes every row count as changed, so on_schema_change fills the new column everywhere.
#}
{% macro incremental_new_or_changed(relation_alias, unique_key, compare_columns=[]) -%}
    {%- if is_incremental() %}
    {%- set existing_columns = adapter.get_columns_in_relation(this) | map(attribute='name') | list %}
    {%- set missing = compare_columns | reject('in', existing_columns) | list %}
    {%- if not missing %}
    where not exists (
        select 1
        from {{ this }} as existing
        where existing.{{ unique_key }} = {{ relation_alias }}.{{ unique_key }}
        {%- for column in compare_columns %}
            and existing.{{ column }} is not distinct from {{ relation_alias }}.{{ column }}
        {%- endfor %}
    )
    {%- endif %}
    {%- endif %}
{%- endmacro %}


{#
    Pre-hook of the incremental facts: drop the rows of every article whose current extraction
    comes from another extractor version than the rows do (the article was re-extracted after an
    upgrade). The model's incremental select then inserts the article's new rows, so facts the
    new extractor no longer finds disappear instead of lingering. No-op on a first build. A table
    from before the extractor_version column cannot tell which rows are superseded: it is emptied,
    and the incremental select (which then compares nothing) fills it again.
#}
{% macro delete_superseded_extractions() -%}
    {%- if is_incremental() %}
    {%- if 'extractor_version' in (adapter.get_columns_in_relation(this) | map(attribute='name') | list) %}
    delete from {{ this }} as fact
    where not exists (
        select 1
        from {{ ref('stg_raw__extracted_articles') }} as extracted
        where extracted.article_key = fact.article_key
            and extracted.extractor_version = fact.extractor_version
    )
    {%- else %}
    delete from {{ this }}
    {%- endif %}
    {%- endif %}
{%- endmacro %}

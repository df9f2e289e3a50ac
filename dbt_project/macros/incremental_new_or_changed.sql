{#
    Incremental filter for facts: keep the rows whose key is not yet in the table (new articles)
    or whose derived columns changed since they were written (an actor re-resolved after a seed
    change, an incident joining a new cluster, a new exchange rate). With delete+insert on the
    key, an incremental run then gives the same table as a --full-refresh, which the tests check.
    Rows of re-extracted articles are removed beforehand by the delete_superseded_extractions
    pre-hook, so they count as new here. When the table lacks a column the model declares (a column
    added to the mart since the table was written), or a compared column (a deploy adding it), every
    row counts as changed, once: on_schema_change adds the column and the rewrite fills it, instead
    of leaving it NULL in the rows already there.
    In a scoped build (macros/build_scope.sql) only the rows of the scope's articles are compared:
    a row of another article can only change with the code, seeds or reference data, and those
    put every article in scope. So the relation must have an article_key. `scoped=false` for a
    model whose rows of old articles change with new ones (an incident joining a new cluster).
#}
{% macro incremental_new_or_changed(relation_alias, unique_key, compare_columns=[], scoped=true) -%}
    {%- if is_incremental_on([unique_key] + compare_columns + (model.columns.keys() | list)) %}
    {%- set scope = build_scope_articles() if scoped else none %}
    where not exists (
        select 1
        from {{ this }} as existing
        where existing.{{ unique_key }} = {{ relation_alias }}.{{ unique_key }}
        {%- for column in compare_columns %}
            and existing.{{ column }} is not distinct from {{ relation_alias }}.{{ column }}
        {%- endfor %}
        {#- the same rows (a key names one article's row), said so that only those are read -#}
        {{- and_in_scope('existing.article_seq', scope) }}
    )
    {{- and_in_scope(relation_alias ~ '.article_seq', scope) }}
    {%- endif %}
{%- endmacro %}


{#
    is_incremental(), and the existing table has these columns: an incremental model whose
    comparison (or declared) columns are new in this version rebuilds its rows once instead of
    failing or leaving the new columns NULL in the rows already there.
#}
{% macro is_incremental_on(columns) -%}
    {%- if not is_incremental() -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set existing = adapter.get_columns_in_relation(this) | map(attribute='name') | list -%}
    {{ return(columns | reject('in', existing) | list | length == 0) }}
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
    {%- if is_incremental_on(['extractor_version']) %}
    delete from {{ this }} as fact
    where not exists (
        select 1
        from {{ ref('int_articles_dated') }} as articles
        where articles.article_key = fact.article_key
            and articles.extractor_version = fact.extractor_version
    )
    {{- and_in_build_scope('fact.article_seq') }}
    {%- else %}
    delete from {{ this }}
    {%- endif %}
    {%- endif %}
{%- endmacro %}

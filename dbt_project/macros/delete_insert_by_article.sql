{#
    dbt-duckdb's delete+insert (the adapter's own macro, called as is) with one predicate more for
    a model carrying article_seq: a model's unique key names one article's row, so the stored rows
    it replaces belong to the articles of the rows it writes, and DuckDB then reads only those
    articles' row groups instead of every key of the history (raw.articles, db.RAW_DDL). Rows
    without a number (a table from before article_seq, its column just added) stay candidates.
#}
{% macro duckdb__get_delete_insert_merge_sql(target, source, unique_key, dest_columns, incremental_predicates) -%}
    {%- set predicates = [] if incremental_predicates is none else [] + incremental_predicates -%}
    {%- if unique_key is string and 'article_seq' in (dest_columns | map(attribute='name') | list) -%}
        {%- do predicates.append('(article_seq is null or article_seq in (select article_seq from ' ~ source ~ '))') -%}
    {%- endif -%}
    {{ dbt.duckdb__get_delete_insert_merge_sql(target, source, unique_key, dest_columns, predicates) }}
{%- endmacro %}

{#
    The marts declare no primary keys (uniqueness is a dbt test): DuckDB keeps a primary key as an
    ART index, and a write to the table loads the whole index into memory, where it stays for the
    rest of the build; at 500,000 articles one fact's index alone is half a gigabyte. DuckDB cannot
    drop a constraint in place, so a mart table built while the contracts declared primary keys is
    dropped here, once, and its model (when this invocation builds it) builds it whole without.
#}
{% macro drop_marts_with_primary_keys() -%}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set keyed = run_query(
        "select distinct schema_name, table_name from duckdb_constraints()
         where constraint_type = 'PRIMARY KEY' and database_name = current_database()"
    ) -%}
    {%- for node in graph.nodes.values()
            if node.resource_type == 'model' and node.unique_id in selected_resources
            and node.config.materialized in ('table', 'incremental') -%}
        {%- for row in keyed.rows if row[0] == node.schema and row[1] == node.alias -%}
            {%- do log('dropping ' ~ node.schema ~ '.' ~ node.alias ~ ': built with a primary key; it builds whole without', info=true) -%}
            {#- Through the adapter, so dbt's cache of relations forgets it: is_incremental() is then false. -#}
            {%- do adapter.drop_relation(adapter.get_relation(node.database, node.schema, node.alias)) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return('') }}
{%- endmacro %}

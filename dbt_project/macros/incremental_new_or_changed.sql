{#
    Incremental filter for facts: keep the rows whose key is not yet in the table (new articles)
    or whose derived columns changed since they were written (an actor re-resolved after a seed
    change, an incident joining a new cluster, a new exchange rate). With delete+insert on the
    key, an incremental run then gives the same table as a --full-refresh, which the tests check.
    Raw tables are append-only, so no row ever has to be deleted.
#}
{% macro incremental_new_or_changed(relation_alias, unique_key, compare_columns=[]) -%}
    {%- if is_incremental() %}
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

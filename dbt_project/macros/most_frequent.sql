{#
    The mode of one or more columns within each group: per value of `partition_by`, the
    combination of `value_columns` seen most often, the alphabetically first on ties, so that
    the result never depends on the order in which rows arrive. Rows failing `where` do not vote;
    a row casts `weight` votes (a column of counts) when given, one otherwise.
    Renders a complete `select` (columns: partition_by, then value_columns) for a CTE body.
#}
{% macro most_frequent(relation, partition_by, value_columns, where=none, weight=none) -%}
    {%- if value_columns is string -%}
        {%- set value_columns = [value_columns] -%}
    {%- endif -%}
    {%- set values = value_columns | join(', ') -%}
    select
        {{ partition_by }},
        {{ values }}
    from {{ relation }}
    {%- if where %}
    where {{ where }}
    {%- endif %}
    group by {{ partition_by }}, {{ values }}
    qualify row_number() over (
        partition by {{ partition_by }}
        order by {{ 'sum(' ~ weight ~ ')' if weight else 'count(*)' }} desc, {{ values }}
    ) = 1
{%- endmacro %}

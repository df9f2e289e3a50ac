{#
    Helpers for imprecise dates: a date is stored as the first day of its period plus a
    precision (day / month / year). Comparing two such dates is only meaningful at the coarser
    of the two precisions.
#}

{# 1 = day, 2 = month, 3 = year; NULL precision on a known date counts as a day. #}
{% macro precision_rank(precision_expr) -%}
    case {{ precision_expr }} when 'year' then 3 when 'month' then 2 else 1 end
{%- endmacro %}

{# The first day of the period containing date_expr at the precision of the given rank. #}
{% macro truncate_to_rank(date_expr, rank_expr) -%}
    case {{ rank_expr }}
        when 3 then cast(date_trunc('year', {{ date_expr }}) as date)
        when 2 then cast(date_trunc('month', {{ date_expr }}) as date)
        else cast({{ date_expr }} as date)
    end
{%- endmacro %}

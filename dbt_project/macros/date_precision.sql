{#
    Helpers for imprecise dates: a date is stored as the first day of its period plus a
    precision (year / month / day). Comparing two such dates is only meaningful at the coarser
    of the two precisions.
#}

{#
    How precise a date is: news_warehouse.rules.precision_rank (year 0, month 1, day 2; NULL
    precision on a known date counts as a day), called through the plugin's DuckDB function.
#}
{% macro precision_rank(precision_expr) -%}
    rules_precision_rank({{ precision_expr }})
{%- endmacro %}

{# The first day of the period of the given precision ('year', 'month', 'day') containing date_expr. #}
{% macro truncate_to_precision(date_expr, precision_expr) -%}
    cast(date_trunc({{ precision_expr }}, {{ date_expr }}) as date)
{%- endmacro %}

{#
    The columns published_date, published_precision and published_source of an article: the date
    it states, else the one the extractor inferred (news_warehouse.rules.published_date, the rule
    the extractor reads relative dates against), called through the plugin's DuckDB function.
#}
{% macro published_date_choice(stated_date, stated_precision, stated_source, inferred_date, inferred_precision) -%}
    unnest(rules_published_date(
        {{ stated_date }}, {{ stated_precision }}, {{ stated_source }}, {{ inferred_date }}, {{ inferred_precision }}
    ))
{%- endmacro %}

{#
    Fails on every combination of the given columns that occurs more than once: the grain test
    for tables without a single-column key (bridges). Replaces dbt_utils' test of the same name.
#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
select
    {{ combination_of_columns | join(', ') }},
    count(*) as n_rows
from {{ model }}
group by {{ combination_of_columns | join(', ') }}
having count(*) > 1
{% endtest %}

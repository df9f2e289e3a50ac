{#
    Fails on every row of the model (optionally filtered by `where`) for which the SQL boolean
    expression is not true. Written here because hub packages (dbt_utils) cannot be installed offline.
#}
{% test expression_is_true(model, expression, column_name=none) %}
select *
from {{ model }}
where not coalesce(({{ expression }}), false)
{% endtest %}

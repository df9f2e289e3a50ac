{#
    A golden-case table (tests/fixtures/<name>.csv) as the rows of a unit test's input, in
    `format: sql`. The same CSV is the unit test's expected output (`format: csv`) and is read by
    pytest (tests/test_rules.py), so Python and dbt are held to one table of cases.

    dbt's csv fixtures reject a column the relation lacks, and a case row holds both the input and
    the expected columns, hence this macro: every column of the faked input (`this` in a fixture
    is the relation it stands for) comes from the CSV column of the same name, else from
    `derived` (SQL over the CSV's columns), else NULL, cast to the input's type.
#}
{% macro golden_cases(name, derived={}) -%}
    {%- set path = invocation_args_dict['project_dir'] ~ '/tests/fixtures/' ~ name ~ '.csv' -%}
    {%- set source = "read_csv('" ~ path ~ "', header = true, all_varchar = true)" -%}
    {%- if execute -%}
        {%- set case_columns = run_query('select * from ' ~ source ~ ' limit 0').column_names -%}
        select
        {%- for column in adapter.get_columns_in_relation(this) %}
            {%- if column.name in derived %}
            cast({{ derived[column.name] }} as {{ column.data_type }}) as {{ column.quoted }}
            {%- elif column.name in case_columns %}
            cast({{ adapter.quote(column.name) }} as {{ column.data_type }}) as {{ column.quoted }}
            {%- else %}
            cast(null as {{ column.data_type }}) as {{ column.quoted }}
            {%- endif %}{{ ',' if not loop.last }}
        {%- endfor %}
        from {{ source }}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

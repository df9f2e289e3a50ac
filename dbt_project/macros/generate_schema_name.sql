{#
    Use a model's custom schema as-is (staging, intermediate, marts, reference) instead of dbt's
    default "<target schema>_<custom schema>": analysts and the validation stage read `marts.*`
    by that exact name, whatever the target.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}

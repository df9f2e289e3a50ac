{#
    Surrogate key: md5 of the parts joined with '-'.

    Keys must not depend on arrival order or on the run (CONTRACT.md: the same article, actor,
    platform or incident keeps its key), so they are hashes of natural values only, never
    row numbers. With one part the key is md5(part) exactly, so that
    actor_key = md5(folded canonical name) can be recomputed outside dbt.
    NULL parts hash as '' rather than nulling the whole key.
#}
{% macro make_key(parts) -%}
    {%- if parts is string -%}
        {%- set parts = [parts] -%}
    {%- endif -%}
    md5(
    {%- for part in parts -%}
        coalesce(cast({{ part }} as varchar), '')
        {%- if not loop.last %} || '-' || {% endif -%}
    {%- endfor -%}
    )
{%- endmacro %}

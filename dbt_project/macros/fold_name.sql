{#
    Fold a name for matching. The rule is news_warehouse.rules.fold, the extractor's own, called
    through the DuckDB function the dbt-duckdb plugin news_warehouse.transform.duckdb_rules
    registers; a name folding to nothing is NULL. So a name the extractor matched matches here.

    It is the input of actor_key/platform_key: changing the rule changes every key, so change it
    only with a --full-refresh. Call it in tables only, never in views (see the plugin).
#}
{% macro fold_name(expr) -%}
    rules_fold_name({{ expr }})
{%- endmacro %}

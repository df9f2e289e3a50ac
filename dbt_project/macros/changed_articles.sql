{#
    Row-level tests of an hourly build look at the rows of the articles the published marts do
    not hold yet, not at the whole history: the rest was tested when it was built, and testing it
    again made every build cost what the history costs. The pipeline writes the scope before each
    `dbt build` (audit.dbt_test_scope, news_warehouse.transform.dbt.scope_tests): the articles
    ingested or extracted since the published marts were built. Articles the quality gate holds
    back come back into the marts on every build unchanged: their rows were tested when first
    built. An empty scope, or a NULL changed_since (nothing published yet, the dbt project
    changed): every row. The raw layer's DDL (news_warehouse.db) creates the table.

    A generic test opts in with `config: {where: "__changed_articles__"}` (set for every test
    of the project in dbt_project.yml); the placeholder becomes a filter on article_key, or nothing when the
    tested model declares no article_key (it is not per article: tested whole).
#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where') -%}
    {%- if where and '__changed_articles__' in where -%}
        {%- set where = where | replace('__changed_articles__', changed_articles_condition(relation)) -%}
    {%- endif -%}
    {%- if where -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {{ return(filtered) }}
    {%- else -%}
        {{ return(relation) }}
    {%- endif -%}
{%- endmacro %}


{#
    Every row but those of the articles unchanged since the published marts were built (so a
    row of no known article, or of none at all, is always tested); `true` when the tested model
    declares no article_key. The model's declared columns come from the graph: no query per test.
#}
{% macro changed_articles_condition(relation) -%}
    {%- set per_article = [] -%}
    {%- for node in graph.nodes.values()
            if node.resource_type == 'model' and node.alias == relation.identifier
            and node.schema == relation.schema and 'article_key' in node.columns -%}
        {%- do per_article.append(node) -%}
    {%- endfor -%}
    {%- if not per_article -%}
        {{ return('true') }}
    {%- endif -%}
    {%- set condition -%}
        (article_key is null or article_key not in (
            select articles.article_key
            from raw.articles as articles
            left join raw.extracted_articles as extracted
                on articles.article_key = extracted.article_key
            cross join (select max(changed_since) as changed_since from audit.dbt_test_scope) as scope
            where articles.ingested_at <= scope.changed_since
                and (extracted.extracted_at is null or extracted.extracted_at <= scope.changed_since)
        ))
    {%- endset -%}
    {{ return(condition) }}
{%- endmacro %}

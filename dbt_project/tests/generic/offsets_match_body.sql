{#
    Guards CONTRACT.md's promise that offsets point into dim_article.body (0-based, end exclusive):
    fails on every row whose article is missing, whose span is empty or runs past the body, or
    whose text is not exactly body[char_start:char_end]. The offsets rule's one check.
    DuckDB's substring is 1-based and counts characters like Python's str slicing.
    In a scoped build only the scope's articles are read (macros/build_scope.sql): the tested
    facts are theirs, and reading every body of the history cost what the history costs.
#}
{% test offsets_match_body(model, column_name, articles, start_column='char_start', end_column='char_end') %}
select
    facts.article_key,
    facts.{{ start_column }} as char_start,
    facts.{{ end_column }} as char_end,
    facts.{{ column_name }} as expected_text,
    substring(articles.body, facts.{{ start_column }} + 1, facts.{{ end_column }} - facts.{{ start_column }}) as body_text
from (select * from {{ model }}) as facts
left join (select * from {{ articles }} where true {{- and_in_build_scope('article_seq') }}) as articles
    on facts.article_key = articles.article_key
where articles.body is null
    or facts.{{ start_column }} < 0
    or facts.{{ end_column }} <= facts.{{ start_column }}
    or facts.{{ end_column }} > length(articles.body)
    or substring(articles.body, facts.{{ start_column }} + 1, facts.{{ end_column }} - facts.{{ start_column }})
        is distinct from facts.{{ column_name }}
{% endtest %}

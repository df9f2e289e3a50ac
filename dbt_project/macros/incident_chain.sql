{#
    The incident chain (int_incident_participants, int_incident_hub_members,
    int_incidents_clustered) is incremental on the article: a row is derived from one article's
    extraction and from the gazetteer its names were resolved with, and it stays as long as both
    are unchanged (docs/INCREMENTAL.md). Each row carries that state: the article's extracted_at
    (the loader stamps every (re-)extraction with a new one, and never rewrites raw.articles) and
    gazetteer_version. The three macros below are the one owner of that rule.
#}

{#
    md5 of the gazetteer as name resolution uses it: every folded alias of an actor or a platform
    with the canonical name it resolves to (int_*_aliases_folded). A participant's key is
    md5(canonical folded name): it depends only on the folded name and on these rows, so a seed
    change that touches them changes this value, and every row resolved with the old value is
    rewritten once. A scalar subquery.
#}
{% macro gazetteer_version() -%}
    (
        select md5(string_agg(
            concat_ws('|', gazetteer.kind, gazetteer.alias_folded, gazetteer.canonical_folded), ','
            order by gazetteer.kind, gazetteer.alias_folded, gazetteer.canonical_folded
        ))
        from (
            select 'actor' as kind, alias_folded, canonical_folded from {{ ref('int_actor_aliases_folded') }}
            union all
            select 'platform' as kind, alias_folded, canonical_folded from {{ ref('int_platform_aliases_folded') }}
        ) as gazetteer
    )
{%- endmacro %}


{#
    The newest ingestion or extraction stamp of the articles, a scalar subquery: the state of the
    raw layer a row written now was derived from. A build's scope starts when the published build
    began, after every stamp it saw (macros/build_scope.sql, rows_written_since_published): a row
    stamped later was written by a later build. The articles' stamps suffice: a row of the chain
    is rewritten only for an article extracted since it was written.
#}
{% macro raw_layer_stamp() -%}
    (select max(greatest(ingested_at, extracted_at)) from {{ ref('int_articles_dated') }})
{%- endmacro %}


{#
    The articles whose rows an incremental run of this model (re)writes: new to the table, or
    extracted again, or resolved with another gazetteer since their rows were written (no stored
    row with the current extracted_at and gazetteer_version). An article with no row at all (no
    incident) is looked at again each run, at the cost of finding nothing. On a first build or a
    table lacking a declared column: every article.
    Columns: article_key, article_seq, extracted_at, published_date, gazetteer_version.
#}
{% macro articles_to_rewrite() -%}
    select *
    from (
        select
            article_key,
            article_seq,
            extracted_at,
            published_date,
            {{ gazetteer_version() }} as gazetteer_version
        from {{ ref('int_articles_dated') }}
    ) as article_states
    {{ incremental_new_or_changed('article_states', 'article_key', ['extracted_at', 'gazetteer_version']) }}
{%- endmacro %}


{#
    Post-hook of the incident chain: drop the rows written from a state of their article that is
    no longer current (an article extracted again, or a gazetteer change, left rows the run did not
    rewrite: a report or a participant the new extraction no longer finds). The run has rewritten
    every current row of those articles with the current state first. In a scoped build only the
    scope's rows are looked at (macros/build_scope.sql): a row of another article can only go stale
    with the code or the seeds, which put every article in scope.
#}
{% macro delete_rows_of_changed_articles() -%}
    {%- if is_incremental() %}
    delete from {{ this }} as stored
    where (
        stored.gazetteer_version is distinct from {{ gazetteer_version() }}
        or not exists (
            select 1
            from {{ ref('int_articles_dated') }} as articles
            where articles.article_key = stored.article_key
                and articles.extracted_at is not distinct from stored.extracted_at
        )
    )
    {{- and_in_build_scope('stored.article_seq') }}
    {%- endif %}
{%- endmacro %}


{#
    The clustering inputs of the incidents of `articles_relation` (shaped like
    articles_to_rewrite): type, date and its precision rank, and for an undated report the
    publication year of its article (undated_period), which bounds its cluster (doc block
    incremental_clustering). Columns: incident_key, article_key, article_seq, incident_id, incident_type,
    incident_date, incident_date_precision, date_rank, undated_period, published_date,
    extracted_at, gazetteer_version.
#}
{% macro incident_report_inputs(incidents_relation, articles_relation) -%}
    select
        incidents.incident_key,
        incidents.article_key,
        incidents.article_seq,
        incidents.incident_id,
        incidents.incident_type,
        incidents.incident_date,
        incidents.incident_date_precision,
        {{ precision_rank('incidents.incident_date_precision') }} as date_rank,
        case when incidents.incident_date is null then year(articles.published_date) end as undated_period,
        articles.published_date,
        articles.extracted_at,
        articles.gazetteer_version
    from {{ incidents_relation }} as incidents
    inner join {{ articles_relation }} as articles
        on {{ same_article('incidents', 'articles') }}
{%- endmacro %}


{#
    The rows of an incident bridge (bridge_incident_actor, bridge_incident_platform): the
    participants of one kind, as a distinct projection of int_incident_participants. A macro
    because the bridge's select inserts those it does not hold yet and its pre-hook
    (delete_rows_not_current) deletes those no longer among them: the bridge then equals a
    rebuild, writing only what changed (an article new or extracted again, a gazetteer change, an
    article the quality gate held back and released), without a rewrite of the history.
#}
{% macro incident_bridge_rows(participant_kind) -%}
    select distinct
        incident_key,
        participant_key as {{ participant_kind }}_key,
        article_key,
        article_seq
        {%- if participant_kind == 'actor' %},
        role
        {%- endif %}
    from (
        -- in a scoped build the rows of the scope's articles, the only ones compared with the stored
        select * from {{ ref('int_incident_participants') }}
        {{ where_in_build_scope('article_seq') }}
    ) as participants
    where participant_kind = '{{ participant_kind }}'
{%- endmacro %}


{#
    Pre-hook of an incremental model written by rows (the incident bridges): delete the stored rows
    that are not among `current_rows` (a query) any more, compared on every column of `columns`.
    Rows per article (article_key among `columns`: the bridges) are looked at only in the build's
    scope; rows per cluster (dim_incident, int_incident_clusters) change with any new report and
    are all compared. A table lacking a declared column (written by an older version) is emptied:
    the model's select then writes every row once, with the new column.
#}
{% macro delete_rows_not_current(current_rows, columns) -%}
    {%- if is_incremental() %}
    delete from {{ this }} as stored
    {%- if is_incremental_on(model.columns.keys() | list) %}
    where not exists (
        select 1
        from ({{ current_rows }}) as current_rows
        where {% for column in columns -%}
            current_rows.{{ column }} is not distinct from stored.{{ column }}
            {%- if not loop.last %} and {% endif %}
        {%- endfor %}
    )
    {%- if 'article_key' in columns %}{{ and_in_build_scope('stored.article_seq') }}{% endif %}
    {%- endif %}
    {%- endif %}
{%- endmacro %}

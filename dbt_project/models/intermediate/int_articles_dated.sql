{{
    config(
        materialized='incremental',
        unique_key='article_key',
        incremental_strategy='delete+insert',
        on_schema_change='sync_all_columns'
    )
}}

-- One row per ingested article with its best publication date: the one it states (its metadata,
-- else a dateline printed in the text) when it states one, else inferred by the extractor; the
-- precision and the source (metadata / printed / inferred) go with whichever date won.
-- No body: dim_article reads it from the raw layer for the articles it writes, so the history's
-- bodies are stored twice (raw and the published mart), not three times; sync_all_columns drops
-- the column from a table built when it had one.

with

articles as (

    select * from {{ ref('stg_raw__articles') }}

),

extracted as (

    select * from {{ ref('stg_raw__extracted_articles') }}

),

-- Incremental: only articles new to this table or extracted (again) since their row was written
-- are dated; the loader never updates an article's raw.articles row, and it stamps every
-- (re-)extraction with a new extracted_at. Keys are chosen first so that the bodies of the
-- unchanged history are never read.
extraction_states as (

    select
        articles.article_key,
        articles.article_seq,
        extracted.extractor_version,
        extracted.extracted_at
    from articles
    left join extracted
        on articles.article_key = extracted.article_key

),

changed_articles as (

    select article_key, article_seq from extraction_states
    {{ incremental_new_or_changed('extraction_states', 'article_key', ['extractor_version', 'extracted_at']) }}

),

dated as (

    select
        -- ids
        articles.article_key,
        articles.article_seq,
        articles.content_sha256,
        articles.ingestion_run_id,
        extracted.extraction_run_id,

        -- strings
        articles.source_file,
        articles.title,
        articles.language,
        articles.source_format,
        articles.detected_encoding,
        articles.url,
        extracted.extractor_version,

        -- numerics
        extracted.n_words,

        -- booleans
        extracted.article_key is not null as is_extracted,

        -- dates: published_date, published_precision, published_source
        {{ published_date_choice(
            'articles.stated_published_date', 'articles.stated_published_precision',
            'articles.stated_published_source',
            'extracted.inferred_published_date', 'extracted.inferred_published_precision'
        ) }},
        articles.stated_published_date,
        articles.stated_published_precision,
        extracted.inferred_published_date,
        extracted.inferred_published_precision,

        -- timestamps
        articles.ingested_at,
        extracted.extracted_at

    from articles
    inner join changed_articles
        on articles.article_key = changed_articles.article_key
    left join extracted
        on articles.article_key = extracted.article_key

)

select * from dated

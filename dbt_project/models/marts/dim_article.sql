{{
    config(
        materialized='incremental',
        unique_key='article_key',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns'
    )
}}

-- One row per article. Incremental like int_articles_dated, whose rows it copies: an article is
-- written when it is new here (or was held back by the quality gate, which deletes its rows) or
-- was extracted again; the keys are chosen first, so the bodies of the unchanged history are
-- neither read nor copied. The body comes from the raw layer (int_articles_dated does not carry it).

with

dated as (

    select * from {{ ref('int_articles_dated') }}

),

extraction_states as (

    select article_key, article_seq, extractor_version, extracted_at from dated

),

changed_articles as (

    select article_key, article_seq from extraction_states
    {{ incremental_new_or_changed('extraction_states', 'article_key', ['extractor_version', 'extracted_at']) }}

),

raw_articles as (

    select article_key, article_seq, body from {{ ref('stg_raw__articles') }}

),

articles as (

    select dated.*, raw_articles.body
    from dated
    semi join changed_articles
        on {{ same_article('dated', 'changed_articles') }}
    inner join raw_articles
        on {{ same_article('dated', 'raw_articles') }}

),

final as (

    select
        -- ids
        article_key,
        content_sha256,

        -- strings
        source_file,
        title,
        body,
        language,
        source_format,
        detected_encoding,
        url,
        extractor_version,
        published_source,

        -- numerics
        n_words,

        -- booleans
        is_extracted,

        -- dates
        published_date,
        published_precision,
        stated_published_date,
        stated_published_precision,
        inferred_published_date,
        inferred_published_precision,

        -- timestamps
        ingested_at,
        extracted_at,

        article_seq

    from articles

)

select * from final

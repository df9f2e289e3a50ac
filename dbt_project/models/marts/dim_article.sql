with

articles as (

    select * from {{ ref('int_articles_dated') }}

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
        extracted_at

    from articles

)

select * from final

with

source as (

    select * from {{ source('raw', 'extracted_articles') }}

),

renamed as (

    select
        -- ids
        cast(article_key as varchar) as article_key,
        cast(article_seq as bigint) as article_seq,
        cast(run_id as varchar) as extraction_run_id,

        -- strings
        cast(extractor_version as varchar) as extractor_version,

        -- numerics
        cast(n_words as integer) as n_words,

        -- dates
        cast(inferred_published_date as date) as inferred_published_date,
        cast(inferred_published_precision as varchar) as inferred_published_precision,

        -- timestamps
        cast(extracted_at as timestamp) as extracted_at

    from source

)

select * from renamed

with

source as (

    select * from {{ source('raw', 'articles') }}

),

renamed as (

    select
        -- ids
        cast(article_key as varchar) as article_key,
        cast(article_seq as bigint) as article_seq,
        cast(content_sha256 as varchar) as content_sha256,
        cast(run_id as varchar) as ingestion_run_id,

        -- strings
        cast(source_file as varchar) as source_file,
        cast(title as varchar) as title,
        cast(body as varchar) as body,
        cast(language as varchar) as language,
        cast(source_format as varchar) as source_format,
        cast(detected_encoding as varchar) as detected_encoding,
        cast(url as varchar) as url,
        cast(published_source as varchar) as stated_published_source,

        -- dates
        cast(published_date as date) as stated_published_date,
        cast(published_precision as varchar) as stated_published_precision,

        -- timestamps
        cast(ingested_at as timestamp) as ingested_at

    from source

)

select * from renamed

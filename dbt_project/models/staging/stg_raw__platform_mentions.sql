with

source as (

    select * from {{ source('raw', 'platform_mentions') }}

),

renamed as (

    select
        -- ids
        cast(article_key as varchar) as article_key,
        cast(article_seq as bigint) as article_seq,
        cast(mention_id as integer) as mention_id,

        -- strings
        cast(platform_name as varchar) as platform_name,
        cast(surface_text as varchar) as surface_text,
        cast(method as varchar) as extraction_method,

        -- numerics
        cast(char_start as integer) as char_start,
        cast(char_end as integer) as char_end

    from source

)

select * from renamed

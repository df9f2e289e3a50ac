with

source as (

    select * from {{ source('raw', 'incident_platforms') }}

),

renamed as (

    select
        -- ids
        cast(article_key as varchar) as article_key,
        cast(article_seq as bigint) as article_seq,
        cast(incident_id as integer) as incident_id,

        -- strings
        cast(platform_name as varchar) as platform_name

    from source

)

select * from renamed

with

source as (

    select * from {{ source('raw', 'incident_actors') }}

),

renamed as (

    select
        -- ids
        cast(article_key as varchar) as article_key,
        cast(article_seq as bigint) as article_seq,
        cast(incident_id as integer) as incident_id,

        -- strings
        cast(canonical_name as varchar) as actor_name,
        cast(role as varchar) as role

    from source

)

select * from renamed

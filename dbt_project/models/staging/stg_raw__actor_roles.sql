with

source as (

    select * from {{ source('raw', 'actor_roles') }}

),

renamed as (

    select
        -- ids
        cast(article_key as varchar) as article_key,
        cast(article_seq as bigint) as article_seq,

        -- strings
        cast(canonical_name as varchar) as actor_name,
        cast(role_text as varchar) as role_text,
        cast(surface_text as varchar) as surface_text,

        -- numerics
        cast(char_start as integer) as char_start,
        cast(char_end as integer) as char_end

    from source

)

select * from renamed

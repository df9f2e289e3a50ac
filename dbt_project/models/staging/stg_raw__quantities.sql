with

source as (

    select * from {{ source('raw', 'quantities') }}

),

renamed as (

    select
        -- ids
        cast(article_key as varchar) as article_key,
        cast(article_seq as bigint) as article_seq,
        cast(quantity_id as integer) as quantity_id,

        -- strings
        cast(unit as varchar) as unit,
        cast(subject_actor_name as varchar) as subject_actor_name,
        cast(subject_platform_name as varchar) as subject_platform_name,
        cast(surface_text as varchar) as surface_text,

        -- numerics
        cast(value as double) as value,
        cast(char_start as integer) as char_start,
        cast(char_end as integer) as char_end,

        -- booleans
        cast(is_approximate as boolean) as is_approximate

    from source

)

select * from renamed

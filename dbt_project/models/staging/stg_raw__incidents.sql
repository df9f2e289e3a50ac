with

source as (

    select * from {{ source('raw', 'incidents') }}

),

renamed as (

    select
        -- ids
        -- the one place incident_key is derived; every model takes it from here
        {{ make_key(['article_key', 'incident_id']) }} as incident_key,
        cast(article_key as varchar) as article_key,
        cast(article_seq as bigint) as article_seq,
        cast(incident_id as integer) as incident_id,

        -- strings
        cast(incident_type as varchar) as incident_type,
        cast(evidence_text as varchar) as evidence_text,
        cast(trigger_text as varchar) as trigger_text,

        -- numerics
        cast(char_start as integer) as char_start,
        cast(char_end as integer) as char_end,

        -- dates
        cast(incident_date as date) as incident_date,
        cast(incident_date_precision as varchar) as incident_date_precision

    from source

)

select * from renamed

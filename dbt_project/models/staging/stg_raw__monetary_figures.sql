with

source as (

    select * from {{ source('raw', 'monetary_figures') }}

),

renamed as (

    select
        -- ids
        cast(article_key as varchar) as article_key,
        cast(article_seq as bigint) as article_seq,
        cast(figure_id as integer) as figure_id,
        cast(incident_id as integer) as incident_id,

        -- strings
        upper(trim(cast(currency_code as varchar))) as currency_code,
        cast(payer_name as varchar) as payer_name,
        cast(surface_text as varchar) as surface_text,

        -- numerics
        cast(amount as decimal(24, 2)) as amount,
        cast(amount_high as decimal(24, 2)) as amount_high,
        cast(char_start as integer) as char_start,
        cast(char_end as integer) as char_end,

        -- booleans
        cast(is_approximate as boolean) as is_approximate

    from source

)

select * from renamed

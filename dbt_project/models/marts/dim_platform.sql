with

platforms as (

    select * from {{ ref('int_platforms_resolved') }}

),

final as (

    select
        -- ids
        platform_key,
        owner_actor_key,

        -- strings
        platform_name,
        platform_name_folded,
        owner_name,

        -- numerics
        n_mentions,
        n_articles,

        -- booleans
        is_in_gazetteer

    from platforms

)

select * from final

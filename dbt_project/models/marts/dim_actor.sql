with

actors as (

    select * from {{ ref('int_actors_resolved') }}

),

final as (

    select
        -- ids
        actor_key,

        -- strings
        canonical_name,
        canonical_name_folded,
        actor_type,
        actor_type_source,

        -- numerics
        n_mentions,
        n_articles,

        -- booleans
        is_in_gazetteer

    from actors

)

select * from final

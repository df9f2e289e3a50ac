-- One row per platform: every gazetteer platform plus every other platform the articles name.
-- The owner is a canonical actor name in the gazetteer; it resolves to an actor_key through the
-- same lookup as the facts, so dim_platform.owner_actor_key always exists in dim_actor.

with

folded_names as (

    select * from {{ ref('int_names_folded') }}

),

names as (

    select * from {{ ref('int_platform_names_resolved') }}

),

aliases as (

    select * from {{ ref('int_platform_aliases_folded') }}

),

actor_names as (

    select * from {{ ref('int_actor_names_resolved') }}

),

mentions as (

    select * from {{ ref('stg_raw__platform_mentions') }}

),

gazetteer as (

    select distinct
        canonical_folded,
        platform_name,
        owner_name
    from aliases

),

mention_counts as (

    select
        names.platform_key,
        count(*) as n_mentions,
        count(distinct mentions.article_key) as n_articles
    from mentions
    inner join folded_names as platform_names_folded
        on mentions.platform_name = platform_names_folded.name
    inner join names
        on platform_names_folded.name_folded = names.name_folded
    group by names.platform_key

),

preferred_spellings as (

    {{ preferred_spelling_per_key('names', 'platform_key') }}

),

final as (

    select
        -- ids
        preferred_spellings.platform_key,
        actor_names.actor_key as owner_actor_key,

        -- strings
        coalesce(gazetteer.platform_name, preferred_spellings.preferred_spelling) as platform_name,
        preferred_spellings.canonical_folded as platform_name_folded,
        gazetteer.owner_name,

        -- numerics
        coalesce(mention_counts.n_mentions, 0) as n_mentions,
        coalesce(mention_counts.n_articles, 0) as n_articles,

        -- booleans
        gazetteer.canonical_folded is not null as is_in_gazetteer

    from preferred_spellings
    left join gazetteer
        on preferred_spellings.canonical_folded = gazetteer.canonical_folded
    left join actor_names
        on {{ fold_name('gazetteer.owner_name') }} = actor_names.name_folded
    left join mention_counts
        on preferred_spellings.platform_key = mention_counts.platform_key

)

select * from final

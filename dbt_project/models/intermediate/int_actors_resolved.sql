-- One row per real-world actor. Name and type come from the gazetteer when the actor is in it;
-- otherwise the name is the most frequent spelling and the type the majority of the mentions'
-- types (alphabetical on ties), and 'organisation' when nothing says (flagged by actor_type_source).

with

names as (

    select * from {{ ref('int_actor_names_resolved') }}

),

aliases as (

    select * from {{ ref('int_actor_aliases_folded') }}

),

-- Mentions per article, actor and extracted type, kept incrementally (int_actor_mention_tallies).
-- Not materialized: two scans of the table cost less than a copy of it.
tallies as not materialized (

    select * from {{ ref('int_actor_mention_tallies') }}

),

gazetteer as (

    select distinct
        canonical_folded,
        canonical_name,
        actor_type
    from aliases

),

majority_types as (

    -- the type most mentions give the actor, among the known types (alphabetical on ties)
    {{ most_frequent(
        'tallies', 'actor_key', ['actor_type'], weight='n_mentions',
        where="actor_type in ('person', 'organisation', 'media', 'state', 'institution', 'group')"
    ) }}

),

mention_counts as (

    select
        actor_key,
        sum(n_mentions)::bigint as n_mentions,
        count(*) filter (where counts_the_article) as n_articles
    from tallies
    group by actor_key

),

preferred_spellings as (

    {{ preferred_spelling_per_key('names', 'actor_key') }}

),

final as (

    select
        -- ids
        preferred_spellings.actor_key,

        -- strings
        coalesce(gazetteer.canonical_name, preferred_spellings.preferred_spelling) as canonical_name,
        preferred_spellings.canonical_folded as canonical_name_folded,
        coalesce(gazetteer.actor_type, majority_types.actor_type, 'organisation') as actor_type,
        case
            when gazetteer.actor_type is not null then 'gazetteer'
            when majority_types.actor_type is not null then 'mentions'
            else 'default'
        end as actor_type_source,

        -- numerics
        coalesce(mention_counts.n_mentions, 0) as n_mentions,
        coalesce(mention_counts.n_articles, 0) as n_articles,

        -- booleans
        gazetteer.canonical_folded is not null as is_in_gazetteer

    from preferred_spellings
    left join gazetteer
        on preferred_spellings.canonical_folded = gazetteer.canonical_folded
    left join majority_types
        on preferred_spellings.actor_key = majority_types.actor_key
    left join mention_counts
        on preferred_spellings.actor_key = mention_counts.actor_key

)

select * from final

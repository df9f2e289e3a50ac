-- Every actor name the extractor wrote anywhere (mentions, roles, incidents, payers, subjects of
-- counts) and every platform owner, folded and mapped to its actor through the gazetteer.
-- One row per folded name: the lookup every fact uses to find its actor_key.

with

mentions as (

    select * from {{ ref('stg_raw__actor_mentions') }}

),

roles as (

    select * from {{ ref('stg_raw__actor_roles') }}

),

incident_actors as (

    select * from {{ ref('stg_raw__incident_actors') }}

),

monetary_figures as (

    select * from {{ ref('stg_raw__monetary_figures') }}

),

quantities as (

    select * from {{ ref('stg_raw__quantities') }}

),

platforms as (

    select * from {{ ref('platforms') }}

),

aliases as (

    select * from {{ ref('int_actor_aliases_folded') }}

),

names_seen as (

    select actor_name from mentions
    union all
    select actor_name from roles
    union all
    select actor_name from incident_actors
    union all
    select payer_name from monetary_figures where payer_name is not null
    union all
    select subject_actor_name from quantities where subject_actor_name is not null
    union all
    select owner_name from platforms where owner_name is not null

),

folded as (

    select
        {{ fold_name('actor_name') }} as name_folded,
        trim(actor_name) as spelling
    from names_seen

),

spellings as (

    -- the most frequent spelling of a folded name, alphabetical on ties: order-independent
    select
        name_folded,
        spelling as preferred_spelling
    from folded
    where name_folded is not null
    group by name_folded, spelling
    qualify row_number() over (
        partition by name_folded
        order by count(*) desc, spelling
    ) = 1

),

occurrences as (

    select
        name_folded,
        count(*) as n_occurrences
    from folded
    where name_folded is not null
    group by name_folded

),

resolved as (

    select
        spellings.name_folded,
        spellings.preferred_spelling,
        occurrences.n_occurrences,
        coalesce(aliases.canonical_folded, spellings.name_folded) as canonical_folded,
        aliases.alias_folded is not null as is_in_gazetteer
    from spellings
    inner join occurrences
        on spellings.name_folded = occurrences.name_folded
    left join aliases
        on spellings.name_folded = aliases.alias_folded

),

final as (

    select
        {{ make_key('canonical_folded') }} as actor_key,
        name_folded,
        canonical_folded,
        preferred_spelling,
        n_occurrences,
        is_in_gazetteer
    from resolved

)

select * from final

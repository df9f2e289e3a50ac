-- Every platform name the extractor wrote (mentions, incidents, subjects of counts) plus every
-- gazetteer platform, folded and mapped to its platform through the gazetteer's names, aliases
-- and URL domains. One row per folded name: the lookup every fact uses to find its platform_key.

with

platform_mentions as (

    select * from {{ ref('stg_raw__platform_mentions') }}

),

incident_platforms as (

    select * from {{ ref('stg_raw__incident_platforms') }}

),

quantities as (

    select * from {{ ref('stg_raw__quantities') }}

),

platforms as (

    select * from {{ ref('platforms') }}

),

aliases as (

    select * from {{ ref('int_platform_aliases_folded') }}

),

names_seen as (

    select platform_name from platform_mentions
    union all
    select platform_name from incident_platforms
    union all
    select subject_platform_name from quantities where subject_platform_name is not null
    union all
    select platform_name from platforms

),

folded as (

    select
        {{ fold_name('platform_name') }} as name_folded,
        trim(platform_name) as spelling
    from names_seen

),

spellings as (

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
        {{ make_key('canonical_folded') }} as platform_key,
        name_folded,
        canonical_folded,
        preferred_spelling,
        n_occurrences,
        is_in_gazetteer
    from resolved

)

select * from final

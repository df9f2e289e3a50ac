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

folded_names as (

    select * from {{ ref('int_names_folded') }}

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

final as (

    -- one row per folded name: platform_key, name_folded, canonical_folded, preferred_spelling,
    -- n_occurrences, is_in_gazetteer (macro resolve_folded_names)
    {{ resolve_folded_names('names_seen', 'platform_name', 'folded_names', 'aliases', 'platform_key') }}

)

select * from final

-- Who and what took part in each reported incident: resolved actors (with their role) and
-- platforms, one row per incident and participant. Used by the bridges and by clustering.

with

folded_names as (

    select * from {{ ref('int_names_folded') }}

),

incidents as (

    select * from {{ ref('stg_raw__incidents') }}

),

incident_actors as (

    select * from {{ ref('stg_raw__incident_actors') }}

),

incident_platforms as (

    select * from {{ ref('stg_raw__incident_platforms') }}

),

actor_names as (

    select * from {{ ref('int_actor_names_resolved') }}

),

platform_names as (

    select * from {{ ref('int_platform_names_resolved') }}

),

participant_names as (

    -- the names each incident gives, whatever their kind; only actors have a role
    select article_key, incident_id, 'actor' as participant_kind, actor_name as participant_name, role
    from incident_actors
    union all
    select article_key, incident_id, 'platform', platform_name, cast(null as varchar)
    from incident_platforms

),

name_lookup as (

    select 'actor' as participant_kind, name_folded, actor_key as participant_key from actor_names
    union all
    select 'platform', name_folded, platform_key from platform_names

),

resolved as (

    select distinct
        incidents.incident_key,
        incidents.article_key,
        incidents.incident_id,
        participant_names.participant_kind,
        name_lookup.participant_key,
        participant_names.role
    from participant_names
    inner join incidents
        on participant_names.article_key = incidents.article_key
        and participant_names.incident_id = incidents.incident_id
    inner join folded_names as participant_folded
        on participant_names.participant_name = participant_folded.name
    inner join name_lookup
        on participant_names.participant_kind = name_lookup.participant_kind
        and participant_folded.name_folded = name_lookup.name_folded

),

final as (

    select
        incident_key,
        article_key,
        incident_id,
        participant_kind,
        participant_key,
        role
    from resolved

)

select * from final

-- Who and what took part in each reported incident: resolved actors (with their role) and
-- platforms, one row per incident and participant. Used by the bridges and by clustering.

with

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

actor_participants as (

    select distinct
        incidents.article_key,
        incidents.incident_id,
        'actor' as participant_kind,
        actor_names.actor_key as participant_key,
        incident_actors.role
    from incident_actors
    inner join incidents
        on incident_actors.article_key = incidents.article_key
        and incident_actors.incident_id = incidents.incident_id
    inner join actor_names
        on {{ fold_name('incident_actors.actor_name') }} = actor_names.name_folded

),

platform_participants as (

    select distinct
        incidents.article_key,
        incidents.incident_id,
        'platform' as participant_kind,
        platform_names.platform_key as participant_key,
        cast(null as varchar) as role
    from incident_platforms
    inner join incidents
        on incident_platforms.article_key = incidents.article_key
        and incident_platforms.incident_id = incidents.incident_id
    inner join platform_names
        on {{ fold_name('incident_platforms.platform_name') }} = platform_names.name_folded

),

unioned as (

    select * from actor_participants
    union all
    select * from platform_participants

),

final as (

    select
        {{ make_key(['article_key', 'incident_id']) }} as incident_key,
        article_key,
        incident_id,
        participant_kind,
        participant_key,
        role
    from unioned

)

select * from final

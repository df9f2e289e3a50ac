-- Who met whom: pairs of actors taking part in the same meeting, one row per pair, with when
-- and how many articles reported it.

with

incidents as (

    select * from {{ ref('fct_incident') }}

),

incident_actors as (

    select * from {{ ref('bridge_incident_actor') }}

),

actors as (

    select * from {{ ref('dim_actor') }}

),

meeting_participants as (

    select distinct
        incidents.incident_cluster_key,
        incidents.incident_key,
        incidents.incident_date,
        incident_actors.actor_key
    from incidents
    inner join incident_actors
        on incidents.incident_key = incident_actors.incident_key
    where incidents.incident_type = 'meeting'

)

select
    first_actor.canonical_name as actor,
    second_actor.canonical_name as met,
    min(first_participant.incident_date) as first_meeting_date,
    count(distinct first_participant.incident_cluster_key) as n_meetings,
    count(distinct first_participant.incident_key) as n_reports
from meeting_participants as first_participant
inner join meeting_participants as second_participant
    on first_participant.incident_key = second_participant.incident_key
    and first_participant.actor_key < second_participant.actor_key
inner join actors as first_actor
    on first_participant.actor_key = first_actor.actor_key
inner join actors as second_actor
    on second_participant.actor_key = second_actor.actor_key
group by all
order by n_meetings desc, actor, met

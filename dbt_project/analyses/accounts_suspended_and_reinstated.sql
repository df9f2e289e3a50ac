-- Accounts suspended and reinstated: per actor whose account a platform suspended, when it was
-- suspended and whether (and when) it was reinstated afterwards, per platform when known.

with

incidents as (

    select * from {{ ref('fct_incident') }}

),

incident_actors as (

    select * from {{ ref('bridge_incident_actor') }}

),

incident_platforms as (

    select * from {{ ref('bridge_incident_platform') }}

),

actors as (

    select * from {{ ref('dim_actor') }}

),

platforms as (

    select * from {{ ref('dim_platform') }}

),

events as (

    select
        incident_actors.actor_key,
        incident_platforms.platform_key,
        incidents.incident_type,
        incidents.incident_cluster_key,
        coalesce(incidents.incident_date, incidents.published_date) as event_date
    from incidents
    inner join incident_actors
        on incidents.incident_key = incident_actors.incident_key
    left join incident_platforms
        on incidents.incident_key = incident_platforms.incident_key
    where incidents.incident_type in ('account_suspension', 'account_reinstatement')

),

per_account as (

    select
        actor_key,
        platform_key,
        min(event_date) filter (where incident_type = 'account_suspension') as first_suspended_on,
        count(distinct incident_cluster_key) filter (where incident_type = 'account_suspension') as n_suspensions,
        min(event_date) filter (where incident_type = 'account_reinstatement') as first_reinstated_on,
        count(distinct incident_cluster_key) filter (where incident_type = 'account_reinstatement') as n_reinstatements
    from events
    group by actor_key, platform_key

)

select
    actors.canonical_name as account_holder,
    platforms.platform_name,
    per_account.first_suspended_on,
    per_account.n_suspensions,
    per_account.first_reinstated_on,
    per_account.n_reinstatements,
    per_account.n_suspensions > 0 and per_account.n_reinstatements > 0 as was_suspended_and_reinstated
from per_account
inner join actors
    on per_account.actor_key = actors.actor_key
left join platforms
    on per_account.platform_key = platforms.platform_key
where per_account.n_suspensions > 0
order by was_suspended_and_reinstated desc, per_account.first_suspended_on

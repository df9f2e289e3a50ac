-- Money by actor, in euros: what each payer spent or was fined, per incident type. Figures of the
-- same real-world incident reported by several articles are not summed twice: per incident cluster
-- the largest euro amount is kept (the conflicts themselves: analysis monetary_figure_conflicts).

with

figures as (

    select * from {{ ref('fct_monetary_figure') }}

),

incidents as (

    select * from {{ ref('fct_incident') }}

),

actors as (

    select * from {{ ref('dim_actor') }}

),

per_incident as (

    select
        figures.payer_actor_key,
        incidents.incident_type,
        coalesce(incidents.incident_cluster_key, figures.monetary_figure_key) as money_event_key,
        max(figures.amount_eur) as amount_eur,
        count(*) as n_figures
    from figures
    left join incidents
        on figures.incident_key = incidents.incident_key
    where figures.payer_actor_key is not null
    group by all

)

select
    actors.canonical_name as payer,
    actors.actor_type,
    per_incident.incident_type,
    count(*) as n_money_events,
    sum(per_incident.n_figures) as n_figures,
    sum(per_incident.amount_eur) as total_eur
from per_incident
inner join actors
    on per_incident.payer_actor_key = actors.actor_key
group by all
order by total_eur desc nulls last

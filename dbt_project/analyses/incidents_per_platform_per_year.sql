-- Incidents per platform per year: real-world incidents (dim_incident clusters, so an incident
-- reported by three articles counts once) and the reports behind them, by incident type.
-- The year is the incident's own date, else the reporting article's publication date.

with

incidents as (

    select * from {{ ref('fct_incident') }}

),

incident_platforms as (

    select * from {{ ref('bridge_incident_platform') }}

),

platforms as (

    select * from {{ ref('dim_platform') }}

)

select
    platforms.platform_name,
    year(coalesce(incidents.incident_date, incidents.published_date)) as incident_year,
    incidents.incident_type,
    count(distinct incidents.incident_cluster_key) as n_incidents,
    count(distinct incidents.incident_key) as n_reports
from incidents
inner join incident_platforms
    on incidents.incident_key = incident_platforms.incident_key
inner join platforms
    on incident_platforms.platform_key = platforms.platform_key
group by all
order by platforms.platform_name, incident_year, n_incidents desc

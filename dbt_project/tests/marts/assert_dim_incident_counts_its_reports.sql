-- Invariant: dim_incident folds reports without losing or inventing any. Every cluster's
-- n_reports equals its fct_incident rows, all of them share the cluster's incident type, and
-- every report belongs to a cluster. Returns the clusters that break it.

with

reports as (

    select
        incident_cluster_key,
        count(*) as n_reports,
        count(distinct incident_type) as n_types,
        min(incident_type) as incident_type
    from {{ ref('fct_incident') }}
    group by incident_cluster_key

),

clusters as (

    select * from {{ ref('dim_incident') }}

)

select
    coalesce(clusters.incident_cluster_key, reports.incident_cluster_key) as incident_cluster_key,
    clusters.n_reports as dim_reports,
    reports.n_reports as fact_reports,
    reports.n_types
from clusters
full outer join reports
    on clusters.incident_cluster_key = reports.incident_cluster_key
where clusters.incident_cluster_key is null
    or reports.incident_cluster_key is null
    or clusters.n_reports <> reports.n_reports
    or reports.n_types <> 1
    or clusters.incident_type <> reports.incident_type

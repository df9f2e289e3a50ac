-- One row per real-world incident: the reports of the same incident by several articles folded
-- into one (see int_incidents_clustered). Its date is the most precise date any report gives
-- (earliest on ties); every report stays in fct_incident with this cluster's key.

with

clustered as (

    select * from {{ ref('int_incidents_clustered') }}

),

incidents as (

    select * from {{ ref('stg_raw__incidents') }}

),

articles as (

    select * from {{ ref('int_articles_dated') }}

),

reports as (

    select
        clustered.incident_cluster_key,
        clustered.root_incident_key,
        clustered.incident_key,
        clustered.article_key,
        clustered.incident_type,
        incidents.incident_date,
        incidents.incident_date_precision,
        incidents.evidence_text,
        articles.published_date
    from clustered
    inner join incidents
        on clustered.article_key = incidents.article_key
        and clustered.incident_id = incidents.incident_id
    left join articles
        on clustered.article_key = articles.article_key

),

best_dated as (

    select
        incident_cluster_key,
        incident_date,
        case when incident_date is not null then coalesce(incident_date_precision, 'day') end as incident_date_precision,
        evidence_text
    from reports
    qualify row_number() over (
        partition by incident_cluster_key
        order by
            incident_date is null,
            {{ precision_rank('incident_date_precision') }} desc,
            incident_date,
            incident_key
    ) = 1

),

cluster_stats as (

    select
        incident_cluster_key,
        min(root_incident_key) as first_incident_key,
        min(incident_type) as incident_type,
        count(*) as n_reports,
        count(distinct article_key) as n_articles,
        min(published_date) as first_reported_date,
        max(published_date) as last_reported_date
    from reports
    group by incident_cluster_key

),

final as (

    select
        -- ids
        cluster_stats.incident_cluster_key,
        cluster_stats.first_incident_key,

        -- strings
        cluster_stats.incident_type,
        best_dated.evidence_text as sample_evidence_text,

        -- numerics
        cluster_stats.n_reports,
        cluster_stats.n_articles,

        -- dates
        best_dated.incident_date,
        best_dated.incident_date_precision,
        cluster_stats.first_reported_date,
        cluster_stats.last_reported_date,

        -- the key named for what it identifies: this row is one real-world incident (an event)
        cluster_stats.incident_cluster_key as incident_event_key

    from cluster_stats
    inner join best_dated
        on cluster_stats.incident_cluster_key = best_dated.incident_cluster_key

)

select * from final

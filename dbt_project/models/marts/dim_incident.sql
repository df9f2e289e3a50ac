{{
    config(
        materialized='incremental',
        unique_key='incident_cluster_key',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        pre_hook="{{ delete_rows_not_current('select incident_cluster_key from ' ~ ref('int_incident_clusters'), ['incident_cluster_key']) }}"
    )
}}

-- One row per real-world incident (int_incident_clusters, which folds the reports and keeps each
-- cluster's row until it changes). Incremental: the clusters gone are deleted first, then the
-- rows new or different from the stored ones are written (also a cluster the quality gate
-- removed, which comes back when its articles are released).

with

-- In a scoped build, the clusters of the reports clustered since the published build or of the
-- scope's articles (those the quality gate may have removed): no other cluster row can differ.
clusters as (

    select * from {{ ref('int_incident_clusters') }}
    where incident_cluster_key in (
        select incident_cluster_key
        from ({{ rows_written_since_published(ref('int_incidents_clustered'), 'clustered_as_of', 'article_seq') }}) as written
    )

),

final as (

    select
        -- ids
        incident_cluster_key,
        first_incident_key,

        -- strings
        incident_type,
        sample_evidence_text,

        -- numerics
        n_reports,
        n_articles,

        -- dates
        incident_date,
        incident_date_precision,
        first_reported_date,
        last_reported_date,

        -- the key named for what it identifies: this row is one real-world incident (an event)
        incident_event_key

    from clusters

),

changed as (

    select * from final
    {{ incremental_new_or_changed('final', 'incident_cluster_key', [
        'first_incident_key', 'incident_type', 'sample_evidence_text', 'n_reports', 'n_articles', 'incident_date',
        'incident_date_precision', 'first_reported_date', 'last_reported_date', 'incident_event_key',
    ], scoped=false) }}

)

select * from changed

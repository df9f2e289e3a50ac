{{
    config(
        materialized='incremental',
        unique_key='incident_cluster_key',
        incremental_strategy='delete+insert',
        on_schema_change='sync_all_columns',
        post_hook="{{ delete_rows_not_current('select incident_cluster_key from ' ~ ref('int_incidents_clustered'), ['incident_cluster_key']) }}"
    )
}}

-- One row per real-world incident: the reports of the same incident by several articles folded
-- into one (see int_incidents_clustered); dim_incident publishes it. Its date is the most precise
-- date any report gives (earliest on ties); every report stays in fct_incident with this
-- cluster's key.
-- Incremental on the cluster: only the clusters of the reports written since the published build
-- are computed, in one pass over their reports, and a cluster's row is written again only when
-- its cluster_version changed (a report joined or left it, or a member's article was extracted
-- again); clusters that no longer exist (merged into another, split, emptied) are deleted by the
-- post-hook.

with

-- Not materialized: read twice for a few columns each, a copy of the whole table cost more.
clustered as not materialized (

    select * from {{ ref('int_incidents_clustered') }}

),

incidents as (

    select * from {{ ref('stg_raw__incidents') }}

),

-- The clusters that can have changed: those of a report written since the published build (a
-- report joined, left or moved) or of an article of the build's scope; every cluster otherwise.
touched_clusters as (

    select distinct incident_cluster_key
    from ({{ rows_written_since_published('clustered', 'clustered_as_of', 'article_seq') }}) as written

),

-- The reports of the touched clusters, with the dates int_incidents_clustered carries for them:
-- a long-running story is thousands of reports, folded without joining the history's incidents
-- and articles.
reports as (

    select clustered.*
    from clustered
    semi join touched_clusters
        on clustered.incident_cluster_key = touched_clusters.incident_cluster_key

),

-- One pass over those reports: the counts; the best-dated report, the first in the order: dated,
-- most precise, earliest, smallest key; and what the row is computed from, as one value
-- (cluster_version): the count and a 64-bit xor of one hash per report and its article's
-- extraction (a report's type, date, evidence and publication date change only with it), so a
-- change goes unnoticed only if the hashes collide, with a probability of about 2^-64.
cluster_stats as (

    select
        incident_cluster_key,
        min(root_incident_key) as first_incident_key,
        min(incident_type) as incident_type,
        count(*) as n_reports,
        count(distinct article_key) as n_articles,
        min(published_date) as first_reported_date,
        max(published_date) as last_reported_date,
        arg_min(
            {
                'article_key': article_key,
                'article_seq': article_seq,
                'incident_id': incident_id,
                'incident_date': incident_date,
                'incident_date_precision':
                    case when incident_date is not null then coalesce(incident_date_precision, 'day') end
            },
            {
                'undated': incident_date is null,
                'imprecision': -date_rank,
                'incident_date': coalesce(incident_date, date '9999-12-31'),
                'incident_key': incident_key
            }
        ) as best_dated,
        count(*) || '-' || bit_xor(hash(incident_key, extracted_at)) as cluster_version
    from reports
    group by incident_cluster_key

),

-- The touched clusters whose version changed (or that are new).
changed_clusters as (

    select * from cluster_stats
    {{ incremental_new_or_changed('cluster_stats', 'incident_cluster_key', ['cluster_version'], scoped=false) }}

),

final as (

    select
        -- ids
        cluster_stats.incident_cluster_key,
        cluster_stats.first_incident_key,

        -- strings
        cluster_stats.incident_type,
        incidents.evidence_text as sample_evidence_text,

        -- numerics
        cluster_stats.n_reports,
        cluster_stats.n_articles,

        -- dates
        cluster_stats.best_dated.incident_date,
        cluster_stats.best_dated.incident_date_precision,
        cluster_stats.first_reported_date,
        cluster_stats.last_reported_date,

        -- the key named for what it identifies: this row is one real-world incident (an event)
        cluster_stats.incident_cluster_key as incident_event_key,

        -- what the row was computed from (cluster_stats)
        cluster_stats.cluster_version

    from changed_clusters as cluster_stats
    -- the evidence of the best-dated report only
    inner join incidents
        on cluster_stats.best_dated.article_seq = incidents.article_seq
        and cluster_stats.best_dated.article_key = incidents.article_key
        and cluster_stats.best_dated.incident_id = incidents.incident_id

)

select * from final

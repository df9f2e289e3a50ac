{{
    config(
        materialized='incremental',
        unique_key='incident_key',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        pre_hook="{{ delete_superseded_extractions() }}"
    )
}}

-- One row per incident as reported by one article; incident_cluster_key ties the reports of the
-- same real-world incident (dim_incident). A report is rewritten when its cluster changes: only
-- the reports clustered since the published build, and those of the build's scope, are compared.

with

incidents as (

    select * from {{ ref('stg_raw__incidents') }}

),

-- The reports clustered since the published build and those of the build's scope (every report
-- otherwise); filtered here, on the table's own columns, so that the joins below see only them.
clustered as (

    {{ rows_written_since_published(ref('int_incidents_clustered'), 'clustered_as_of', 'article_seq') }}

),

articles as (

    select * from {{ ref('int_articles_dated') }}

),

joined as (

    select
        -- ids
        clustered.incident_key,
        incidents.article_key,
        incidents.article_seq,
        incidents.incident_id,
        clustered.incident_cluster_key,

        -- strings
        articles.extractor_version,
        incidents.incident_type,
        incidents.evidence_text,
        incidents.trigger_text,

        -- numerics
        incidents.char_start,
        incidents.char_end,

        -- dates
        incidents.incident_date,
        case
            when incidents.incident_date is not null then coalesce(incidents.incident_date_precision, 'day')
        end as incident_date_precision,
        articles.published_date,

        -- keys named for what they identify: this row is one report of a real-world incident
        clustered.incident_key as incident_report_key,
        clustered.incident_cluster_key as incident_event_key

    from incidents
    inner join clustered
        on {{ same_article('incidents', 'clustered') }}
        and incidents.incident_id = clustered.incident_id
    left join articles
        on {{ same_article('incidents', 'articles') }}

),

final as (

    select * from joined
    {{ incremental_new_or_changed('joined', 'incident_key', ['incident_cluster_key', 'published_date'], scoped=false) }}

)

select * from final

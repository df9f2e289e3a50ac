{{
    config(
        materialized='incremental',
        unique_key='article_key',
        incremental_strategy='delete+insert',
        on_schema_change='sync_all_columns',
        post_hook="{{ delete_rows_of_changed_articles() }}"
    )
}}

-- The hubs every incident report joins (doc block incident_clustering, macro
-- incident_report_hubs): one row per report and hub. Stored so that clustering finds the reports
-- sharing a hub with a new report by the hub's key, instead of computing the hubs of every report
-- of its topic (type and participant) again; a popular participant is tens of thousands of
-- reports over the years. Incremental on the article like the participants it is made of (macro
-- articles_to_rewrite): a report's hubs change only with its article's extraction or with the
-- gazetteer.

with

changed_articles as (

    {{ articles_to_rewrite() }}

),

incidents as (

    select * from {{ ref('stg_raw__incidents') }}

),

-- The participants of those articles' reports only: the table holds every report's.
participants as (

    select participants.*
    from {{ ref('int_incident_participants') }} as participants
    semi join changed_articles
        on {{ same_article('participants', 'changed_articles') }}

),

reports as (

    {{ incident_report_inputs('incidents', 'changed_articles') }}

),

hubs as (

    {{ incident_report_hubs('reports', 'participants') }}

),

final as (

    select
        hubs.hub_key,
        -- what clustering joins on: a number compares at a fraction of the text's cost
        md5_number(hubs.hub_key) as hub_id,
        hubs.incident_key,
        hubs.article_key,
        hubs.article_seq,
        hubs.date_rank,
        hubs.hub_rank,
        changed_articles.extracted_at,
        changed_articles.gazetteer_version
    from hubs
    inner join changed_articles
        on {{ same_article('hubs', 'changed_articles') }}

)

select * from final

{{
    config(
        materialized='incremental',
        unique_key='article_key',
        incremental_strategy='delete+insert',
        on_schema_change='sync_all_columns',
        post_hook="{{ delete_rows_of_changed_articles() }}"
    )
}}

-- Who and what took part in each reported incident: resolved actors (with their role) and
-- platforms, one row per incident and participant. Used by the bridges and by clustering.
-- Incremental on the article (macro articles_to_rewrite): only the articles new, extracted again
-- or resolved with another gazetteer since their rows were written are resolved.

with

changed_articles as (

    {{ articles_to_rewrite() }}

),

folded_names as (

    select * from {{ ref('int_names_folded') }}

),

incidents as (

    select incidents.*
    from {{ ref('stg_raw__incidents') }} as incidents
    semi join changed_articles
        on {{ same_article('incidents', 'changed_articles') }}

),

incident_actors as (

    select * from {{ ref('stg_raw__incident_actors') }}

),

incident_platforms as (

    select * from {{ ref('stg_raw__incident_platforms') }}

),

actor_names as (

    select * from {{ ref('int_actor_names_resolved') }}

),

platform_names as (

    select * from {{ ref('int_platform_names_resolved') }}

),

participant_names as (

    -- the names each incident gives, whatever their kind; only actors have a role
    select article_key, incident_id, 'actor' as participant_kind, actor_name as participant_name, role
    from incident_actors
    union all
    select article_key, incident_id, 'platform', platform_name, cast(null as varchar)
    from incident_platforms

),

name_lookup as (

    select 'actor' as participant_kind, name_folded, actor_key as participant_key from actor_names
    union all
    select 'platform', name_folded, platform_key from platform_names

),

resolved as (

    select distinct
        incidents.incident_key,
        incidents.article_key,
        incidents.article_seq,
        incidents.incident_id,
        participant_names.participant_kind,
        name_lookup.participant_key,
        participant_names.role,
        changed_articles.extracted_at,
        changed_articles.gazetteer_version
    from participant_names
    inner join incidents
        on participant_names.article_key = incidents.article_key
        and participant_names.incident_id = incidents.incident_id
    inner join changed_articles
        on {{ same_article('incidents', 'changed_articles') }}
    inner join folded_names as participant_folded
        on participant_names.participant_name = participant_folded.name
    inner join name_lookup
        on participant_names.participant_kind = name_lookup.participant_kind
        and participant_folded.name_folded = name_lookup.name_folded

),

final as (

    select
        incident_key,
        article_key,
        article_seq,
        incident_id,
        participant_kind,
        participant_key,
        role,
        extracted_at,
        gazetteer_version
    from resolved

)

select * from final

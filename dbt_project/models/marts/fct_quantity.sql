{{
    config(
        materialized='incremental',
        unique_key='quantity_key',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        pre_hook="{{ delete_superseded_extractions() }}"
    )
}}

-- One row per count that is not money (followers, accounts, views...), with the actor and/or
-- platform it is about when the extractor found one.

with

folded_names as (

    select * from {{ ref('int_names_folded') }}

),

quantities as (

    select * from {{ ref('stg_raw__quantities') }}

),

actor_names as (

    select * from {{ ref('int_actor_names_resolved') }}

),

platform_names as (

    select * from {{ ref('int_platform_names_resolved') }}

),

articles as (

    select * from {{ ref('int_articles_dated') }}

),

joined as (

    select
        -- ids
        {{ make_key(['quantities.article_key', 'quantities.quantity_id']) }} as quantity_key,
        quantities.article_key,
        quantities.article_seq,
        actor_names.actor_key as subject_actor_key,
        platform_names.platform_key as subject_platform_key,
        quantities.quantity_id,

        -- strings
        articles.extractor_version,
        quantities.unit,
        quantities.surface_text,

        -- numerics
        quantities.value,
        quantities.char_start,
        quantities.char_end,

        -- booleans
        quantities.is_approximate

    from quantities
    left join folded_names as subject_actor_names_folded
        on quantities.subject_actor_name = subject_actor_names_folded.name
    left join actor_names
        on subject_actor_names_folded.name_folded = actor_names.name_folded
    left join folded_names as subject_platform_names_folded
        on quantities.subject_platform_name = subject_platform_names_folded.name
    left join platform_names
        on subject_platform_names_folded.name_folded = platform_names.name_folded
    left join articles
        on quantities.article_key = articles.article_key

),

final as (

    select * from joined
    {{ incremental_new_or_changed('joined', 'quantity_key', ['subject_actor_key', 'subject_platform_key']) }}

)

select * from final

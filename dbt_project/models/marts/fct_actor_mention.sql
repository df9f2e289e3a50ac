{{
    config(
        materialized='incremental',
        unique_key='actor_mention_key',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        pre_hook="{{ delete_superseded_extractions() }}"
    )
}}

-- One row per mention of an actor in an article, resolved to its actor. A mention is rewritten
-- when its actor changes (e.g. a new alias in the gazetteer).

with

folded_names as (

    select * from {{ ref('int_names_folded') }}

),

mentions as (

    select * from {{ ref('stg_raw__actor_mentions') }}

),

actor_names as (

    select * from {{ ref('int_actor_names_resolved') }}

),

articles as (

    select * from {{ ref('int_articles_dated') }}

),

joined as (

    select
        -- ids
        {{ make_key(['mentions.article_key', 'mentions.mention_id']) }} as actor_mention_key,
        mentions.article_key,
        mentions.article_seq,
        actor_names.actor_key,
        mentions.mention_id,

        -- strings
        articles.extractor_version,
        mentions.actor_name as extracted_name,
        mentions.actor_type as extracted_actor_type,
        mentions.surface_text,
        mentions.extraction_method,

        -- numerics
        mentions.char_start,
        mentions.char_end

    from mentions
    inner join folded_names as actor_names_folded
        on mentions.actor_name = actor_names_folded.name
    inner join actor_names
        on actor_names_folded.name_folded = actor_names.name_folded
    left join articles
        on mentions.article_key = articles.article_key

),

final as (

    select * from joined
    {{ incremental_new_or_changed('joined', 'actor_mention_key', ['actor_key']) }}

)

select * from final

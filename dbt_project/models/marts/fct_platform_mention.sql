{{
    config(
        materialized='incremental',
        unique_key='platform_mention_key',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        pre_hook="{{ delete_superseded_extractions() }}"
    )
}}

-- One row per mention of a platform in an article, resolved to its platform.

with

folded_names as (

    select * from {{ ref('int_names_folded') }}

),

mentions as (

    select * from {{ ref('stg_raw__platform_mentions') }}

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
        {{ make_key(['mentions.article_key', 'mentions.mention_id']) }} as platform_mention_key,
        mentions.article_key,
        mentions.article_seq,
        platform_names.platform_key,
        mentions.mention_id,

        -- strings
        articles.extractor_version,
        mentions.platform_name as extracted_name,
        mentions.surface_text,
        mentions.extraction_method,

        -- numerics
        mentions.char_start,
        mentions.char_end

    from mentions
    inner join folded_names as platform_names_folded
        on mentions.platform_name = platform_names_folded.name
    inner join platform_names
        on platform_names_folded.name_folded = platform_names.name_folded
    left join articles
        on mentions.article_key = articles.article_key

),

final as (

    select * from joined
    {{ incremental_new_or_changed('joined', 'platform_mention_key', ['platform_key']) }}

)

select * from final

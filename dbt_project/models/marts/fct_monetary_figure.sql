{{
    config(
        materialized='incremental',
        unique_key='monetary_figure_key',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        pre_hook="{{ delete_superseded_extractions() }}"
    )
}}

-- One row per amount of money in an article, with its euro and dollar values at the ECB rate of
-- its date (see int_monetary_figures_converted). A figure is rewritten when its conversion or its
-- resolved payer changes.

with

folded_names as (

    select * from {{ ref('int_names_folded') }}

),

figures as (

    select * from {{ ref('int_monetary_figures_converted') }}

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
        figures.monetary_figure_key,
        figures.article_key,
        figures.article_seq,
        figures.incident_key,
        actor_names.actor_key as payer_actor_key,
        figures.figure_id,

        -- strings
        articles.extractor_version,
        figures.currency_code,
        figures.payer_name as extracted_payer_name,
        figures.surface_text,
        figures.exchange_rate_date_source,
        figures.exchange_rate_period,
        figures.exchange_rate_source,
        figures.amount_eur_missing_reason,

        -- numerics
        figures.amount,
        figures.amount_high,
        figures.amount_eur,
        figures.amount_usd,
        figures.amount_high_eur,
        figures.amount_high_usd,
        figures.exchange_rate_year,
        figures.units_per_eur,
        figures.char_start,
        figures.char_end,

        -- booleans
        figures.is_approximate,

        -- dates
        figures.exchange_rate_date,
        figures.exchange_rate_on

    from figures
    left join folded_names as payer_names_folded
        on figures.payer_name = payer_names_folded.name
    left join actor_names
        on payer_names_folded.name_folded = actor_names.name_folded
    left join articles
        on figures.article_key = articles.article_key

),

final as (

    select * from joined
    {{ incremental_new_or_changed('joined', 'monetary_figure_key', ['incident_key', 'payer_actor_key', 'amount_eur', 'amount_usd', 'exchange_rate_on', 'exchange_rate_period']) }}

)

select * from final

-- Amounts of money with their euro and dollar values, at the yearly ECB rate of the incident's
-- year, else the article's year; the nearest available year when that one is missing (doc block
-- exchange_rate_year).
-- The dollar value goes through the euro at the same year's rates (cross rate), so that
-- amount_usd of a USD figure is the amount itself.

with

figures as (

    select * from {{ ref('stg_raw__monetary_figures') }}

),

incidents as (

    select * from {{ ref('stg_raw__incidents') }}

),

articles as (

    select * from {{ ref('int_articles_dated') }}

),

exchange_rates as (

    select * from {{ ref('exchange_rates') }}

),

dated as (

    select
        figures.*,
        {{ make_key(['figures.article_key', 'figures.figure_id']) }} as monetary_figure_key,
        case
            when incidents.incident_id is not null
                then {{ make_key(['figures.article_key', 'figures.incident_id']) }}
        end as incident_key,
        coalesce(incidents.incident_date, articles.published_date) as rate_date,
        case
            when incidents.incident_date is not null then 'incident_date'
            when articles.published_date is not null then 'published_date'
            else 'latest_rate'
        end as rate_date_source,
        -- no date at all: 9999 makes the nearest available year the latest one
        coalesce(year(coalesce(incidents.incident_date, articles.published_date)), 9999) as target_year
    from figures
    left join incidents
        on figures.article_key = incidents.article_key
        and figures.incident_id = incidents.incident_id
    left join articles
        on figures.article_key = articles.article_key

),

currency_rates as (

    select
        dated.monetary_figure_key,
        exchange_rates.year as exchange_rate_year,
        exchange_rates.units_per_eur
    from dated
    inner join exchange_rates
        on dated.currency_code = exchange_rates.currency_code
    qualify row_number() over (
        partition by dated.monetary_figure_key
        order by abs(exchange_rates.year - dated.target_year), exchange_rates.year desc
    ) = 1

),

dollar_rates as (

    select
        dated.monetary_figure_key,
        exchange_rates.units_per_eur as usd_per_eur
    from dated
    left join currency_rates
        on dated.monetary_figure_key = currency_rates.monetary_figure_key
    inner join exchange_rates
        on exchange_rates.currency_code = 'USD'
    qualify row_number() over (
        partition by dated.monetary_figure_key
        order by
            abs(exchange_rates.year - coalesce(currency_rates.exchange_rate_year, dated.target_year)),
            exchange_rates.year desc
    ) = 1

),

converted as (

    select
        -- ids
        dated.monetary_figure_key,
        dated.article_key,
        dated.figure_id,
        dated.incident_id,
        dated.incident_key,

        -- strings
        dated.currency_code,
        dated.payer_name,
        dated.surface_text,
        dated.rate_date_source as exchange_rate_date_source,

        -- numerics
        dated.amount,
        dated.amount_high,
        cast(round(dated.amount / currency_rates.units_per_eur, 2) as decimal(24, 2)) as amount_eur,
        cast(round(dated.amount / currency_rates.units_per_eur * dollar_rates.usd_per_eur, 2) as decimal(24, 2)) as amount_usd,
        cast(round(dated.amount_high / currency_rates.units_per_eur, 2) as decimal(24, 2)) as amount_high_eur,
        cast(round(dated.amount_high / currency_rates.units_per_eur * dollar_rates.usd_per_eur, 2) as decimal(24, 2)) as amount_high_usd,
        currency_rates.exchange_rate_year,
        currency_rates.units_per_eur,
        dollar_rates.usd_per_eur,
        dated.char_start,
        dated.char_end,

        -- booleans
        dated.is_approximate,

        -- dates
        dated.rate_date as exchange_rate_date

    from dated
    left join currency_rates
        on dated.monetary_figure_key = currency_rates.monetary_figure_key
    left join dollar_rates
        on dated.monetary_figure_key = dollar_rates.monetary_figure_key

)

select * from converted

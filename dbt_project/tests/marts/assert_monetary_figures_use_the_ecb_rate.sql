-- Invariant: amount_eur is the amount divided by the figure's recorded rate (units_per_eur), to the
-- cent; a day's rate is the ECB fixing of the recorded day in reference.exchange_rates, and a
-- month's or year's rate (an average) lies between that period's lowest and highest fixings.
-- The exchange-rate rule's one check (docs/QUALITY.md). Returns the figures that break it.
-- In a scoped build, the figures of the scope's articles: the others were checked when they were
-- written, and a change of the rates changes the reference data, which puts every article in scope.

with

figures as (

    select * from {{ ref('fct_monetary_figure') }}
    where amount_eur is not null
    {{- and_in_build_scope('article_seq') }}

),

exchange_rates as (

    select * from {{ ref('exchange_rates') }}

),

-- The lowest and highest fixing of every day, month and year, so that a figure finds its period's
-- fixings by equality (a range join of every figure with the rate table cost time in history).
period_bounds as (

    select
        exchange_rates.currency_code,
        periods.period,
        {{ truncate_to_precision('exchange_rates.rate_date', 'periods.period') }} as period_start,
        min(cast(exchange_rates.units_per_eur as double)) as lowest_units_per_eur,
        max(cast(exchange_rates.units_per_eur as double)) as highest_units_per_eur
    from exchange_rates
    cross join (select unnest(['day', 'month', 'year']) as period) as periods
    group by all

),

period_fixings as (

    select
        figures.monetary_figure_key,
        period_bounds.lowest_units_per_eur,
        period_bounds.highest_units_per_eur
    from figures
    inner join period_bounds
        on figures.currency_code = period_bounds.currency_code
        and coalesce(figures.exchange_rate_period, 'day') = period_bounds.period
        and figures.exchange_rate_on = period_bounds.period_start

)

select
    figures.monetary_figure_key,
    figures.amount,
    figures.currency_code,
    figures.exchange_rate_period,
    figures.exchange_rate_on,
    figures.units_per_eur,
    figures.amount_eur,
    period_fixings.lowest_units_per_eur,
    period_fixings.highest_units_per_eur
from figures
left join period_fixings
    on figures.monetary_figure_key = period_fixings.monetary_figure_key
where abs(figures.amount_eur - round(figures.amount / figures.units_per_eur, 2)) > 0.01
    or period_fixings.monetary_figure_key is null
    or figures.units_per_eur < period_fixings.lowest_units_per_eur - 1e-9
    or figures.units_per_eur > period_fixings.highest_units_per_eur + 1e-9

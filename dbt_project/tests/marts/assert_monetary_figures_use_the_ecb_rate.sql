-- Invariant: amount_eur is the amount divided by the figure's recorded rate (units_per_eur), to the
-- cent; a day's rate is the ECB fixing of the recorded day in reference.exchange_rates, and a
-- month's or year's rate (an average) lies between that period's lowest and highest fixings.
-- The exchange-rate rule's one check (docs/QUALITY.md). Returns the figures that break it.

with

figures as (

    select * from {{ ref('fct_monetary_figure') }}
    where amount_eur is not null

),

exchange_rates as (

    select * from {{ ref('exchange_rates') }}

),

period_fixings as (

    select
        figures.monetary_figure_key,
        min(cast(exchange_rates.units_per_eur as double)) as lowest_units_per_eur,
        max(cast(exchange_rates.units_per_eur as double)) as highest_units_per_eur
    from figures
    inner join exchange_rates
        on figures.currency_code = exchange_rates.currency_code
        -- A fixing is in the figure's period when its day truncates to the period's first day
        -- (the truncate rule of news_warehouse.rules; no period length restated here).
        and {{ truncate_to_precision('exchange_rates.rate_date', 'figures.exchange_rate_period') }}
            = figures.exchange_rate_on
    group by figures.monetary_figure_key

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

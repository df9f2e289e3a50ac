-- Invariant: amount_eur is the amount divided by the figure's recorded rate (units_per_eur), to the
-- cent, and a day's rate is the ECB fixing of the recorded day in reference.exchange_rates (a
-- month's or year's rate lies within that period's fixings: checked by the quality gate).
-- Returns the figures that break it.

with

figures as (

    select * from {{ ref('fct_monetary_figure') }}

),

exchange_rates as (

    select * from {{ ref('exchange_rates') }}

)

select
    figures.monetary_figure_key,
    figures.amount,
    figures.currency_code,
    figures.exchange_rate_period,
    figures.exchange_rate_on,
    figures.units_per_eur,
    figures.amount_eur,
    exchange_rates.units_per_eur as ecb_units_per_eur
from figures
left join exchange_rates
    on figures.currency_code = exchange_rates.currency_code
    and figures.exchange_rate_on = exchange_rates.rate_date
where figures.amount_eur is not null
    and (
        abs(figures.amount_eur - round(figures.amount / figures.units_per_eur, 2)) > 0.01
        or (
            figures.exchange_rate_period = 'day'
            and coalesce(abs(exchange_rates.units_per_eur - figures.units_per_eur) > 1e-9, true)
        )
    )

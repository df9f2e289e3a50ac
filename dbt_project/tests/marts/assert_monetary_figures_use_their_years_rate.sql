-- Invariant: amount_eur is the amount divided by the exchange_rates seed's units_per_eur for the
-- figure's currency and exchange_rate_year, to the cent; a currency with rates always gets a
-- euro value. Returns the figures that break it.

with

figures as (

    select * from {{ ref('fct_monetary_figure') }}

),

exchange_rates as (

    select * from {{ ref('exchange_rates') }}

),

known_currencies as (

    select distinct currency_code from exchange_rates

)

select
    figures.monetary_figure_key,
    figures.amount,
    figures.currency_code,
    figures.exchange_rate_year,
    figures.amount_eur,
    round(figures.amount / exchange_rates.units_per_eur, 2) as expected_amount_eur
from figures
left join exchange_rates
    on figures.currency_code = exchange_rates.currency_code
    and figures.exchange_rate_year = exchange_rates.year
where (figures.currency_code in (select currency_code from known_currencies) and figures.amount_eur is null)
    or abs(figures.amount_eur - round(figures.amount / exchange_rates.units_per_eur, 2)) > 0.01

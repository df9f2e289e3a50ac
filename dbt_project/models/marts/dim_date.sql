-- Every day of every calendar year that holds an article's publication date or an incident date,
-- so that facts can be grouped by week, month or year without gaps.

with

articles as (

    select * from {{ ref('int_articles_dated') }}

),

incidents as (

    select * from {{ ref('stg_raw__incidents') }}

),

all_dates as (

    select published_date as date_day from articles
    union all
    select incident_date as date_day from incidents

),

bounds as (

    select
        cast(date_trunc('year', min(date_day)) as timestamp) as first_day,
        cast(date_trunc('year', max(date_day)) + interval 1 year - interval 1 day as timestamp) as last_day
    from all_dates
    where date_day is not null

),

days as (

    select cast(unnest(generate_series(first_day, last_day, interval 1 day)) as date) as date_day
    from bounds
    where first_day is not null

),

final as (

    select
        -- ids
        date_day,

        -- strings
        strftime(date_day, '%Y-%m') as year_month,
        monthname(date_day) as month_name,
        dayname(date_day) as day_name,

        -- numerics
        year(date_day) as year,
        quarter(date_day) as quarter,
        month(date_day) as month,
        day(date_day) as day_of_month,
        isodow(date_day) as iso_day_of_week,
        week(date_day) as iso_week,
        dayofyear(date_day) as day_of_year,

        -- booleans
        isodow(date_day) in (6, 7) as is_weekend,

        -- dates
        cast(date_trunc('month', date_day) as date) as first_day_of_month,
        cast(date_trunc('year', date_day) as date) as first_day_of_year

    from days

)

select * from final

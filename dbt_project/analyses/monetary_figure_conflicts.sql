-- Where articles disagree about money: pairs of figures from two different articles with the same
-- payer and the same incident type (or both tied to no incident) whose euro values differ by more
-- than 0.5 % (the gold tolerance), side by side. E.g. RT's ad spending: 228 000 EUR in one
-- article, 274 million USD in another. An analysis, not a mart: a question asked of the facts, run
-- when wanted (compiled SQL in target/compiled/news_warehouse/analyses/), not a table to maintain.

with

figures as (

    select * from {{ ref('fct_monetary_figure') }}

),

incidents as (

    select * from {{ ref('fct_incident') }}

),

articles as (

    select * from {{ ref('dim_article') }}

),

actors as (

    select * from {{ ref('dim_actor') }}

),

typed_figures as (

    select
        figures.*,
        incidents.incident_type,
        articles.published_date
    from figures
    left join incidents
        on figures.incident_key = incidents.incident_key
    left join articles
        on figures.article_key = articles.article_key
    where figures.payer_actor_key is not null
        and figures.amount_eur is not null

),

conflicting_pairs as (

    select
        -- ids
        left_figures.payer_actor_key,
        actors.canonical_name as payer_name,
        left_figures.incident_type,
        left_figures.monetary_figure_key as left_monetary_figure_key,
        left_figures.article_key as left_article_key,
        left_figures.published_date as left_published_date,
        left_figures.surface_text as left_surface_text,
        left_figures.amount as left_amount,
        left_figures.currency_code as left_currency_code,
        left_figures.amount_eur as left_amount_eur,
        right_figures.monetary_figure_key as right_monetary_figure_key,
        right_figures.article_key as right_article_key,
        right_figures.published_date as right_published_date,
        right_figures.surface_text as right_surface_text,
        right_figures.amount as right_amount,
        right_figures.currency_code as right_currency_code,
        right_figures.amount_eur as right_amount_eur,
        round(
            greatest(left_figures.amount_eur, right_figures.amount_eur)
            / nullif(least(left_figures.amount_eur, right_figures.amount_eur), 0),
            2
        ) as amount_eur_ratio
    from typed_figures as left_figures
    inner join typed_figures as right_figures
        on left_figures.payer_actor_key = right_figures.payer_actor_key
        and left_figures.incident_type is not distinct from right_figures.incident_type
        and left_figures.article_key < right_figures.article_key
    inner join actors
        on left_figures.payer_actor_key = actors.actor_key
    where abs(left_figures.amount_eur - right_figures.amount_eur)
        > 0.005 * greatest(abs(left_figures.amount_eur), abs(right_figures.amount_eur))

)

select * from conflicting_pairs

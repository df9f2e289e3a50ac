-- Actor role timeline: what the articles say each actor is, and over which period (first and
-- last publication date of an article giving that role), oldest first.

with

roles as (

    select * from {{ ref('fct_actor_role') }}

),

actors as (

    select * from {{ ref('dim_actor') }}

)

select
    actors.canonical_name as actor,
    actors.actor_type,
    roles.role_text,
    min(roles.published_date) as first_seen_on,
    max(roles.published_date) as last_seen_on,
    count(distinct roles.article_key) as n_articles
from roles
inner join actors
    on roles.actor_key = actors.actor_key
group by all
order by actor, first_seen_on nulls last, roles.role_text

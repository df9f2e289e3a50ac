{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='sync_all_columns',
        pre_hook="{{ delete_rows_in_build_scope('article_seq') }}"
    )
}}

-- The mentions of each article summed up per actor and extracted type: what int_actors_resolved
-- counts, kept per article so that a run adds up the new articles' mentions instead of joining
-- every mention of the history to its actor again. A mention's actor depends on its name and the
-- gazetteer only, so an article's rows change only when the article does, or with the seeds or
-- the code, which put every article in the build's scope.
-- Incremental on the article: in a scoped build the scope's rows are deleted (pre-hook) and
-- written again; otherwise every row is (the pre-hook empties the table).

with

folded_names as (

    select * from {{ ref('int_names_folded') }}

),

names as (

    select * from {{ ref('int_actor_names_resolved') }}

),

mentions as (

    select * from {{ ref('stg_raw__actor_mentions') }}
    {{ where_in_build_scope('article_seq') }}

),

tallies as (

    select
        mentions.article_key,
        mentions.article_seq,
        names.actor_key,
        lower(trim(mentions.actor_type)) as actor_type,
        count(*) as n_mentions
    from mentions
    inner join folded_names as actor_names_folded
        on mentions.actor_name = actor_names_folded.name
    inner join names
        on actor_names_folded.name_folded = names.name_folded
    group by all

),

final as (

    select
        -- ids
        article_key,
        article_seq,
        actor_key,

        -- strings
        actor_type,

        -- numerics
        n_mentions,

        -- booleans
        -- one row per article and actor, so that counting these counts the articles (a
        -- count(distinct article_key) over the history cost more than the rest of the model)
        row_number() over (partition by article_key, actor_key order by actor_type) = 1 as counts_the_article

    from tallies

)

select * from final

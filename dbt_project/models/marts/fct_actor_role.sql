{{
    config(
        materialized='incremental',
        unique_key='article_key',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        pre_hook="{{ delete_superseded_extractions() }}"
    )
}}

-- Actor roles over time: what each article, at its publication date, says an actor is
-- ("président des États-Unis", "PDG de Twitter"). Raw roles carry no ordinal, so the key hashes
-- the article, the span, the actor and the role text. Because the key holds the resolved actor, a
-- gazetteer change gives a role a new key: an article is therefore rewritten whole (unique_key
-- article_key) when any of its roles is new or changed, so the row under the old key goes.

with

folded_names as (

    select * from {{ ref('int_names_folded') }}

),

-- In a scoped build, the roles of the scope's articles only: the key and the window below cost
-- the whole history otherwise, for rows that cannot have changed.
roles as (

    select * from {{ ref('stg_raw__actor_roles') }}
    {{ where_in_build_scope('article_seq') }}

),

actor_names as (

    select * from {{ ref('int_actor_names_resolved') }}

),

articles as (

    select * from {{ ref('int_articles_dated') }}

),

joined as (

    select
        -- ids
        {{ make_key(['roles.article_key', 'roles.char_start', 'roles.char_end', 'actor_names.actor_key', 'roles.role_text']) }} as actor_role_key,
        actor_names.actor_key,
        roles.article_key,
        roles.article_seq,

        -- strings
        articles.extractor_version,
        roles.role_text,
        roles.surface_text,

        -- numerics
        roles.char_start,
        roles.char_end,

        -- dates
        articles.published_date,
        articles.published_precision

    from roles
    inner join folded_names as actor_names_folded
        on roles.actor_name = actor_names_folded.name
    inner join actor_names
        on actor_names_folded.name_folded = actor_names.name_folded
    left join articles
        on roles.article_key = articles.article_key
    qualify row_number() over (partition by actor_role_key order by roles.surface_text) = 1

),

final as (

    select * from joined
    where article_key in (
        select article_key from joined
        {{ incremental_new_or_changed('joined', 'actor_role_key', ['actor_key', 'published_date']) }}
    )

)

select * from final

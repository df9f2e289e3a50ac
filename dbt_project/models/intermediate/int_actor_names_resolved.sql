-- Every actor name the extractor wrote anywhere (mentions, roles, incidents, payers, subjects of
-- counts) and every platform owner, folded and mapped to its actor through the gazetteer.
-- One row per folded name: the lookup every fact uses to find its actor_key.

with

mentions as (

    select * from {{ ref('stg_raw__actor_mentions') }}

),

roles as (

    select * from {{ ref('stg_raw__actor_roles') }}

),

incident_actors as (

    select * from {{ ref('stg_raw__incident_actors') }}

),

monetary_figures as (

    select * from {{ ref('stg_raw__monetary_figures') }}

),

quantities as (

    select * from {{ ref('stg_raw__quantities') }}

),

platforms as (

    select * from {{ ref('platforms') }}

),

folded_names as (

    select * from {{ ref('int_names_folded') }}

),

aliases as (

    select * from {{ ref('int_actor_aliases_folded') }}

),

names_seen as (

    select actor_name from mentions
    union all
    select actor_name from roles
    union all
    select actor_name from incident_actors
    union all
    select payer_name from monetary_figures where payer_name is not null
    union all
    select subject_actor_name from quantities where subject_actor_name is not null
    union all
    select owner_name from platforms where owner_name is not null

),

final as (

    -- one row per folded name: actor_key, name_folded, canonical_folded, preferred_spelling,
    -- n_occurrences, is_in_gazetteer (macro resolve_folded_names)
    {{ resolve_folded_names('names_seen', 'actor_name', 'folded_names', 'aliases', 'actor_key') }}

)

select * from final

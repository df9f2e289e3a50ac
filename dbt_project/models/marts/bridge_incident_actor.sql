-- One row per actor taking part in a reported incident, and per role it plays in it.

with

participants as (

    select * from {{ ref('int_incident_participants') }}

),

final as (

    select distinct
        -- ids
        incident_key,
        participant_key as actor_key,
        article_key,

        -- strings
        role

    from participants
    where participant_kind = 'actor'

)

select * from final

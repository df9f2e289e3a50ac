-- One row per platform concerned by a reported incident.

with

participants as (

    select * from {{ ref('int_incident_participants') }}

),

final as (

    select distinct
        -- ids
        incident_key,
        participant_key as platform_key,
        article_key

    from participants
    where participant_kind = 'platform'

)

select * from final

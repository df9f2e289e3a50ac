-- Each reported incident with the real-world incident it belongs to: same type, a shared actor or
-- platform, compatible dates, different articles; clusters are connected components (doc block
-- incident_clustering).
-- The cluster is named after its smallest incident_key, which does not depend on arrival order.

with recursive

incidents as (

    select * from {{ ref('stg_raw__incidents') }}

),

participants as (

    select * from {{ ref('int_incident_participants') }}

),

reports as (

    select
        {{ make_key(['article_key', 'incident_id']) }} as incident_key,
        article_key,
        incident_id,
        incident_type,
        incident_date,
        {{ precision_rank('incident_date_precision') }} as date_rank
    from incidents

),

shared_participants as (

    select distinct
        left_participants.incident_key as left_key,
        right_participants.incident_key as right_key
    from participants as left_participants
    inner join participants as right_participants
        on left_participants.participant_kind = right_participants.participant_kind
        and left_participants.participant_key = right_participants.participant_key
        and left_participants.incident_key < right_participants.incident_key

),

matching_pairs as (

    select
        left_reports.incident_key as left_key,
        right_reports.incident_key as right_key
    from shared_participants
    inner join reports as left_reports
        on shared_participants.left_key = left_reports.incident_key
    inner join reports as right_reports
        on shared_participants.right_key = right_reports.incident_key
    where left_reports.incident_type = right_reports.incident_type
        and left_reports.article_key <> right_reports.article_key
        and (
            (left_reports.incident_date is null and right_reports.incident_date is null)
            or {{ truncate_to_rank('left_reports.incident_date', 'greatest(left_reports.date_rank, right_reports.date_rank)') }}
                = {{ truncate_to_rank('right_reports.incident_date', 'greatest(left_reports.date_rank, right_reports.date_rank)') }}
        )

),

edges as (

    select left_key as from_key, right_key as to_key from matching_pairs
    union all
    select right_key as from_key, left_key as to_key from matching_pairs

),

reachable (incident_key, reachable_key) as (

    select incident_key, incident_key from reports
    union
    select reachable.incident_key, edges.to_key
    from reachable
    inner join edges
        on reachable.reachable_key = edges.from_key

),

components as (

    select
        incident_key,
        min(reachable_key) as root_incident_key
    from reachable
    group by incident_key

),

final as (

    select
        reports.incident_key,
        reports.article_key,
        reports.incident_id,
        reports.incident_type,
        components.root_incident_key,
        {{ make_key(["'cluster'", 'components.root_incident_key']) }} as incident_cluster_key,
        count(*) over (partition by components.root_incident_key) as n_reports_in_cluster
    from reports
    inner join components
        on reports.incident_key = components.incident_key

)

select * from final

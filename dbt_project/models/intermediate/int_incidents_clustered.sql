-- Each reported incident with the real-world incident it belongs to: same type, a shared actor or
-- platform, compatible dates, different articles; clusters are connected components (doc block
-- incident_clustering), computed in time linear in the reports rather than quadratic.
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
        incident_key,
        article_key,
        incident_id,
        incident_type,
        incident_date,
        {{ precision_rank('incident_date_precision') }} as date_rank
    from incidents

),

-- Reports are linked through hubs rather than pairwise: one hub per type, participant and
-- period (day, month or year of the date, or "no date"). A report joins the hub of its own
-- precision and the coarser ones. Pairwise compatibility would cost the square of the reports
-- sharing a popular participant; hubs cost one row per report and participant.
report_hubs as (

    select
        reports.incident_key,
        reports.article_key,
        reports.date_rank,
        {{ precision_rank('hub_precisions.hub_precision') }} as hub_rank,
        concat_ws(
            '|',
            reports.incident_type,
            participants.participant_kind,
            participants.participant_key,
            hub_precisions.hub_precision,
            {{ truncate_to_precision('reports.incident_date', 'hub_precisions.hub_precision') }}
        ) as hub_key
    from reports
    inner join participants
        on reports.incident_key = participants.incident_key
    inner join (select unnest(['year', 'month', 'day']) as hub_precision) as hub_precisions
        on reports.incident_date is not null
        and {{ precision_rank('hub_precisions.hub_precision') }} <= reports.date_rank

    union all

    select
        reports.incident_key,
        reports.article_key,
        cast(null as integer) as date_rank,
        cast(null as integer) as hub_rank,
        concat_ws(
            '|', reports.incident_type, participants.participant_kind, participants.participant_key, 'undated'
        ) as hub_key
    from reports
    inner join participants
        on reports.incident_key = participants.incident_key
    where reports.incident_date is null

),

-- A hub links its members only when they are compatible through it: it holds a report of its
-- own precision (every finer report in its period agrees with that one) and reports from at
-- least two articles (reports of one article are never folded together).
linking_hubs as (

    select hub_key
    from report_hubs
    group by hub_key
    having bool_or(date_rank is not distinct from hub_rank) and count(distinct article_key) >= 2

),

edges as (

    select report_hubs.incident_key as from_node, report_hubs.hub_key as to_node
    from report_hubs
    inner join linking_hubs
        on report_hubs.hub_key = linking_hubs.hub_key
    union all
    select report_hubs.hub_key as from_node, report_hubs.incident_key as to_node
    from report_hubs
    inner join linking_hubs
        on report_hubs.hub_key = linking_hubs.hub_key

),

-- Connected components by smallest-label propagation: each node keeps the smallest incident_key
-- reached so far (USING KEY keeps one row per node), and only improved labels propagate.
-- Hub labels start above every md5 key so that a component is named after an incident.
start_labels as (

    select incident_key as node, incident_key as label from reports
    union all
    select hub_key as node, '~' || hub_key as label from linking_hubs

),

labels (node, label) using key (node) as (

    select node, label from start_labels

    union

    select
        edges.to_node as node,
        min(labels.label) as label
    from labels
    inner join edges
        on labels.node = edges.from_node
    left join recurring.labels as current_labels
        on edges.to_node = current_labels.node
    group by edges.to_node
    having min(labels.label) < any_value(current_labels.label)

),

components as (

    select
        reports.incident_key,
        labels.label as root_incident_key
    from reports
    inner join labels
        on reports.incident_key = labels.node

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

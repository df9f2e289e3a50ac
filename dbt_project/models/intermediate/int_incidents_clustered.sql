{{
    config(
        materialized='incremental',
        unique_key='incident_key',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        post_hook="{{ delete_vanished_reports() }}"
    )
}}

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

articles as (

    select * from {{ ref('int_articles_dated') }}

),

report_dates as (

    select
        incident_key,
        article_key,
        incident_id,
        incident_type,
        incident_date,
        {{ precision_rank('incident_date_precision') }} as date_rank
    from incidents

),

-- The period that bounds an undated report's cluster: its article's publication year (doc block
-- incremental_clustering). A dated report's cluster is already bounded by its calendar year.
undated_periods as (

    select
        article_key,
        year(published_date) as undated_period
    from articles

),

report_participants as (

    select
        incident_key,
        string_agg(participant_kind || ':' || participant_key, ',' order by participant_kind, participant_key)
            as participant_list
    from participants
    group by incident_key

),

-- Every input of the clustering rule, so that a stored report whose inputs changed is re-examined.
reports as (

    select
        report_dates.*,
        undated_periods.undated_period,
        md5(concat_ws(
            '|', report_dates.incident_type, report_dates.incident_date, report_dates.date_rank,
            report_participants.participant_list, undated_periods.undated_period
        )) as report_fingerprint
    from report_dates
    left join report_participants
        on report_dates.incident_key = report_participants.incident_key
    left join undated_periods
        on report_dates.article_key = undated_periods.article_key
        and report_dates.incident_date is null

),

{%- if is_incremental_on(['report_fingerprint']) %}

-- Incremental: only the clusters a new or changed report can join are re-examined. A report is
-- changed when its clustering inputs (report_fingerprint: type, date, participants, undated
-- period) differ from the stored ones, e.g. after a re-extraction or a gazetteer change that
-- re-resolves a participant.
-- Re-examined: the new and changed reports, every stored cluster holding a report that shares a
-- hub with one of them, and every stored cluster that lost or changed a report (it may split).
-- These are whole clusters, so clustering them alone gives the components of the whole graph:
-- an untouched cluster can only link to them through a hub that gained a report.
changed_reports as (

    select * from reports
    {{ incremental_new_or_changed('reports', 'incident_key', ['report_fingerprint']) }}

),

stale_roots as (

    select stored.root_incident_key
    from {{ this }} as stored
    where not exists (
        select 1
        from reports
        where reports.incident_key = stored.incident_key
            and reports.report_fingerprint = stored.report_fingerprint
    )

),

-- Only the reports sharing a type and a participant with a changed report can share its hubs.
changed_topics as (

    select distinct
        changed_reports.incident_type,
        participants.participant_kind,
        participants.participant_key
    from changed_reports
    inner join participants
        on changed_reports.incident_key = participants.incident_key

),

topic_participants as (

    select participants.*
    from participants
    inner join reports
        on participants.incident_key = reports.incident_key
    semi join changed_topics
        on reports.incident_type = changed_topics.incident_type
        and participants.participant_kind = changed_topics.participant_kind
        and participants.participant_key = changed_topics.participant_key

),

topic_hubs as (

    {{ incident_report_hubs('reports', 'topic_participants') }}

),

joined_roots as (

    select stored.root_incident_key
    from topic_hubs
    inner join {{ this }} as stored
        on topic_hubs.incident_key = stored.incident_key
    semi join (
        select topic_hubs.hub_key
        from topic_hubs
        semi join changed_reports
            on topic_hubs.incident_key = changed_reports.incident_key
    ) as changed_hubs
        on topic_hubs.hub_key = changed_hubs.hub_key

),

scoped_reports as (

    select * from changed_reports
    union
    select reports.*
    from reports
    inner join {{ this }} as stored
        on reports.incident_key = stored.incident_key
    semi join (select root_incident_key from stale_roots union select root_incident_key from joined_roots) as touched
        on stored.root_incident_key = touched.root_incident_key

),

{%- else %}

scoped_reports as (

    select * from reports

),

{%- endif %}

-- Reports are linked through hubs rather than pairwise: one hub per type, participant and
-- period (macro incident_report_hubs). Pairwise compatibility would cost the square of the
-- reports sharing a popular participant; hubs cost one row per report and participant.
report_hubs as (

    {{ incident_report_hubs('scoped_reports', 'participants') }}

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

    select incident_key as node, incident_key as label from scoped_reports
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
        scoped_reports.incident_key,
        labels.label as root_incident_key
    from scoped_reports
    inner join labels
        on scoped_reports.incident_key = labels.node

),

final as (

    select
        scoped_reports.incident_key,
        scoped_reports.article_key,
        scoped_reports.incident_id,
        scoped_reports.incident_type,
        scoped_reports.undated_period,
        scoped_reports.report_fingerprint,
        components.root_incident_key,
        {{ make_key(["'cluster'", 'components.root_incident_key']) }} as incident_cluster_key,
        count(*) over (partition by components.root_incident_key) as n_reports_in_cluster
    from scoped_reports
    inner join components
        on scoped_reports.incident_key = components.incident_key

)

select * from final

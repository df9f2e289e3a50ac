{#- sync_all_columns: a column dropped from the model (n_reports_in_cluster) leaves the stored table too -#}
{{
    config(
        materialized='incremental',
        unique_key='incident_key',
        incremental_strategy='delete+insert',
        on_schema_change='sync_all_columns',
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

-- Incremental: a run costs what its new reports touch, not the size of the clusters they join.
-- A report is changed when its clustering inputs (report_fingerprint: type, date, participants,
-- undated period) differ from the stored ones: new, re-extracted, or re-resolved by a gazetteer
-- change. Changed reports, and every member of a stored cluster that lost or changed a report
-- (it may split), are clustered one by one. A stored cluster they link to through a hub is
-- already a connected component: it enters whole, as one node named after its root, so joining
-- a cluster of 50,000 reports costs one node, and only the members whose root changes are
-- rewritten.
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

scoped_reports as (

    select * from changed_reports
    union
    select reports.*
    from reports
    inner join {{ this }} as stored
        on reports.incident_key = stored.incident_key
    semi join stale_roots
        on stored.root_incident_key = stale_roots.root_incident_key

),

-- Only the reports sharing a type and a participant with a scoped report can share its hubs.
scoped_topics as (

    select distinct
        scoped_reports.incident_type,
        participants.participant_kind,
        participants.participant_key
    from scoped_reports
    inner join participants
        on scoped_reports.incident_key = participants.incident_key

),

topic_participants as (

    select participants.*
    from participants
    inner join reports
        on participants.incident_key = reports.incident_key
    semi join scoped_topics
        on reports.incident_type = scoped_topics.incident_type
        and participants.participant_kind = scoped_topics.participant_kind
        and participants.participant_key = scoped_topics.participant_key

),

topic_hubs as (

    {{ incident_report_hubs('reports', 'topic_participants') }}

),

report_hubs as (

    {{ incident_report_hubs('scoped_reports', 'participants') }}

),

-- The stored reports (not scoped) in the hubs of the scoped reports, as their clusters.
stored_hub_members as (

    select
        topic_hubs.hub_key,
        topic_hubs.article_key,
        topic_hubs.date_rank,
        topic_hubs.hub_rank,
        stored.root_incident_key
    from topic_hubs
    inner join {{ this }} as stored
        on topic_hubs.incident_key = stored.incident_key
    semi join report_hubs
        on topic_hubs.hub_key = report_hubs.hub_key
    anti join scoped_reports
        on topic_hubs.incident_key = scoped_reports.incident_key

),

hub_members as (

    select hub_key, article_key, date_rank, hub_rank from report_hubs
    union all
    select hub_key, article_key, date_rank, hub_rank from stored_hub_members

),

cluster_nodes as (

    select distinct hub_key, '#' || root_incident_key as node, root_incident_key as label
    from stored_hub_members

),

{%- else %}

scoped_reports as (

    select * from reports

),

-- Reports are linked through hubs rather than pairwise: one hub per type, participant and
-- period (macro incident_report_hubs). Pairwise compatibility would cost the square of the
-- reports sharing a popular participant; hubs cost one row per report and participant.
report_hubs as (

    {{ incident_report_hubs('scoped_reports', 'participants') }}

),

hub_members as (

    select hub_key, article_key, date_rank, hub_rank from report_hubs

),

cluster_nodes as (

    select cast(null as varchar) as hub_key, cast(null as varchar) as node, cast(null as varchar) as label
    where false

),

{%- endif %}

-- A hub links its members only when they are compatible through it: it holds a report of its
-- own precision (every finer report in its period agrees with that one) and reports from at
-- least two articles (reports of one article are never folded together).
linking_hubs as (

    select hub_key
    from hub_members
    group by hub_key
    having bool_or(date_rank is not distinct from hub_rank) and count(distinct article_key) >= 2

),

-- Members of a linking hub: scoped reports one by one, stored clusters as one node each.
hub_links as (

    select report_hubs.incident_key as node, report_hubs.hub_key
    from report_hubs
    semi join linking_hubs
        on report_hubs.hub_key = linking_hubs.hub_key
    union
    select cluster_nodes.node, cluster_nodes.hub_key
    from cluster_nodes
    semi join linking_hubs
        on cluster_nodes.hub_key = linking_hubs.hub_key

),

edges as (

    select node as from_node, hub_key as to_node from hub_links
    union all
    select hub_key as from_node, node as to_node from hub_links

),

-- Connected components by smallest-label propagation: each node keeps the smallest incident_key
-- reached so far (USING KEY keeps one row per node), and only improved labels propagate.
-- Hub labels start above every md5 key so that a component is named after an incident; a stored
-- cluster starts with its root, its smallest incident_key.
start_labels as (

    select incident_key as node, incident_key as label from scoped_reports
    union all
    select distinct node, label from cluster_nodes
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

-- The rows to write: every scoped report, and the members of a stored cluster whose root changed
-- (it merged with a cluster of a smaller root).
components as (

    select
        scoped_reports.incident_key,
        labels.label as root_incident_key
    from scoped_reports
    inner join labels
        on scoped_reports.incident_key = labels.node
    {%- if is_incremental_on(['report_fingerprint']) %}
    union all
    select
        stored.incident_key,
        labels.label as root_incident_key
    from {{ this }} as stored
    inner join labels
        on '#' || stored.root_incident_key = labels.node
    where labels.label <> stored.root_incident_key
        and stored.incident_key not in (select incident_key from scoped_reports)
    {%- endif %}

),

final as (

    select
        reports.incident_key,
        reports.article_key,
        reports.incident_id,
        reports.incident_type,
        reports.undated_period,
        reports.report_fingerprint,
        components.root_incident_key,
        {{ make_key(["'cluster'", 'components.root_incident_key']) }} as incident_cluster_key
    from components
    inner join reports
        on components.incident_key = reports.incident_key

)

select * from final

{#- sync_all_columns: a column dropped from the model (n_reports_in_cluster) leaves the stored table too -#}
{{
    config(
        materialized='incremental',
        unique_key='incident_key',
        incremental_strategy='delete+insert',
        on_schema_change='sync_all_columns',
        post_hook="{{ delete_rows_of_changed_articles() }}"
    )
}}
{#- A table lacking a declared column (written by an older version) is rebuilt whole, once; but one
    written before the article's state was kept (extracted_at, gazetteer_version), before its
    rows were stamped (clustered_as_of: NULL in the rows already there), before they carried
    the report's dates (report_dates) or its article's number (article_seq) is caught up
    incrementally: every report counts as a report of a changed article, is fingerprinted and
    keeps its cluster unless its fingerprint changed (a rebuild would cluster the whole history
    at once, which does not fit in memory at 100,000 articles). -#}
{%- set article_state = ['extracted_at', 'gazetteer_version'] %}
{%- set report_dates = ['incident_date', 'incident_date_precision', 'date_rank', 'published_date'] %}
{%- set incremental_run = is_incremental_on(model.columns.keys() | reject('in', article_state + report_dates + ['clustered_as_of', 'article_seq']) | list) %}
{%- set stored_article_state = is_incremental_on(article_state) %}
{%- set stored_report_dates = is_incremental_on(report_dates) %}
{%- set stored_article_seq = is_incremental_on(['article_seq']) %}
{#- Said beside a join on an article's or a report's key (a report belongs to one article), so that
    DuckDB reads only the row groups of those articles' numbers; nothing while the stored rows
    have no number yet (the scoped reports then hold some without one). -#}
{%- set stored_same_article_as_changed = 'and stored.article_seq = changed_articles.article_seq' if stored_article_seq else '' %}
{%- set hub_members_same_article_as_scoped = 'and hub_members.article_seq = scoped_reports.article_seq' if stored_article_seq else '' %}
{#- On an incremental run the CTEs so marked hold the scope's reports, hubs and links, thousands of
    rows each read two to four times: materialized once rather than left to DuckDB's choice of
    computing a CTE again at each reference. A rebuild reads the whole history through them: left
    to DuckDB there. -#}
{%- set small = 'materialized' if incremental_run else '' %}
{#- Each scoped report's membership of a hub, in the shape linking_hubs sums up per hub; the
    stored reports of a hub (incremental runs) come already summed up in it. -#}
{%- set report_hub_memberships -%}
    select
        hub_id,
        date_rank is not distinct from hub_rank as has_own_precision,
        article_key as first_article_key,
        article_key as last_article_key
    from report_hubs
{%- endset %}

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

-- Not materialized (here and stored_reports): read twice, a copy of the whole table would cost
-- more than scanning it twice.
hub_members as not materialized (

    select * from {{ ref('int_incident_hub_members') }}

),

-- Incremental: the articles new, extracted again or resolved with another gazetteer since their
-- reports were written (macro articles_to_rewrite); only their reports can be new, changed or gone.
changed_articles as {{ small }} (

    {{ articles_to_rewrite() }}

),

report_inputs as (

    {{ incident_report_inputs('incidents', 'changed_articles') }}

),

report_participants as (

    select
        participants.incident_key,
        string_agg(
            participants.participant_kind || ':' || participants.participant_key, ','
            order by participants.participant_kind, participants.participant_key
        ) as participant_list
    from participants
    semi join changed_articles
        on {{ same_article('participants', 'changed_articles') }}
    group by participants.incident_key

),

-- The current reports of those articles, with every input of the clustering rule fingerprinted,
-- so that a report whose inputs did not change keeps its cluster.
reports as {{ small }} (

    select
        report_inputs.incident_key,
        report_inputs.article_key,
        report_inputs.article_seq,
        report_inputs.incident_id,
        report_inputs.incident_type,
        report_inputs.undated_period,
        report_inputs.incident_date,
        report_inputs.incident_date_precision,
        report_inputs.date_rank,
        report_inputs.published_date,
        md5(concat_ws(
            '|', report_inputs.incident_type, report_inputs.incident_date, report_inputs.date_rank,
            report_participants.participant_list, report_inputs.undated_period
        )) as report_fingerprint,
        report_inputs.extracted_at,
        report_inputs.gazetteer_version
    from report_inputs
    left join report_participants
        on report_inputs.incident_key = report_participants.incident_key

),

{%- if incremental_run %}

-- Incremental: a run costs what its new reports touch, not the size of the clusters they join.
-- A report is changed when its clustering inputs (report_fingerprint: type, date, participants,
-- undated period) differ from the stored ones: new, re-extracted, or re-resolved by a gazetteer
-- change. Changed reports, and every member of a stored cluster that lost or changed a report
-- (it may split), are clustered one by one. A stored cluster they link to through a hub is
-- already a connected component: it enters whole, as one node named after its root, so joining
-- a cluster of 50,000 reports costs one node, and only the members whose root changes are
-- rewritten. The hubs are looked up by key in int_incident_hub_members: no hub of the history is
-- computed again.
-- The stored rows, with the columns of `reports` in its order, then the cluster's root.
stored_reports as not materialized (

    select
        incident_key,
        article_key,
        {%- if stored_article_seq %}
        article_seq,
        {%- else %}
        cast(null as bigint) as article_seq,
        {%- endif %}
        incident_id,
        incident_type,
        undated_period,
        {%- if stored_report_dates %}
        incident_date,
        incident_date_precision,
        date_rank,
        published_date,
        {%- else %}
        cast(null as date) as incident_date,
        cast(null as varchar) as incident_date_precision,
        cast(null as integer) as date_rank,
        cast(null as date) as published_date,
        {%- endif %}
        report_fingerprint,
        {%- if stored_article_state %}
        extracted_at,
        gazetteer_version,
        {%- else %}
        cast(null as timestamp) as extracted_at,
        cast(null as varchar) as gazetteer_version,
        {%- endif %}
        root_incident_key
    from {{ this }}

),

-- The stored reports of the changed articles, read once: by their articles' numbers, DuckDB reads
-- only the row groups holding them (a report's stored row is its article's: same number).
stored_of_changed as {{ small }} (

    select stored.*
    from stored_reports as stored
    semi join changed_articles
        on stored.article_key = changed_articles.article_key
        {{ stored_same_article_as_changed }}

),

changed_reports as {{ small }} (

    select * from reports
    where not exists (
        select 1
        from stored_of_changed as stored
        where stored.incident_key = reports.incident_key
            and stored.report_fingerprint = reports.report_fingerprint
    )

),

-- Clusters that lost a report or hold a changed one: stored reports of the changed articles that
-- are gone or whose fingerprint differs.
stale_roots as (

    select distinct stored.root_incident_key
    from stored_of_changed as stored
    where not exists (
        select 1
        from reports
        where reports.incident_key = stored.incident_key
            and reports.report_fingerprint = stored.report_fingerprint
    )

),

stale_members as (

    select stored.incident_key, stored.article_key
    from stored_reports as stored
    semi join stale_roots
        on stored.root_incident_key = stale_roots.root_incident_key

),

-- Clustered one by one: the changed reports and the current members of stale clusters (as their
-- article is now when it changed, else as stored).
scoped_reports as {{ small }} (

    select * from changed_reports
    union all
    select reports.*
    from reports
    semi join stale_members
        on reports.incident_key = stale_members.incident_key
    anti join changed_reports
        on reports.incident_key = changed_reports.incident_key
    union all
    select stored.* exclude (root_incident_key)
    from stored_reports as stored
    semi join stale_members
        on stored.incident_key = stale_members.incident_key
    anti join changed_articles
        on stored.article_key = changed_articles.article_key

),

report_hubs as {{ small }} (

    select hub_members.*
    from hub_members
    semi join scoped_reports
        on hub_members.incident_key = scoped_reports.incident_key
        {{ hub_members_same_article_as_scoped }}

),

-- The stored reports (not scoped) in the hubs of the scoped reports, summed up per hub: whether
-- one is of the hub's own precision, two of their articles (the first and last keys) and one of
-- them. A hub of a popular participant over a year holds thousands of reports: they are scanned
-- for these aggregates, not joined to their clusters one by one. Their hubs are current: a report
-- not scoped has its stored fingerprint.
stored_hub_summaries as {{ small }} (

    select
        hub_members.hub_id,
        bool_or(hub_members.date_rank is not distinct from hub_members.hub_rank) as has_own_precision,
        min(hub_members.article_key) as first_article_key,
        max(hub_members.article_key) as last_article_key,
        min(hub_members.incident_key) as any_incident_key
    from hub_members
    semi join report_hubs
        on hub_members.hub_id = report_hubs.hub_id
    anti join scoped_reports
        on hub_members.incident_key = scoped_reports.incident_key
    group by hub_members.hub_id

),

hub_memberships as (

    {{ report_hub_memberships }}
    union all
    select hub_id, has_own_precision, first_article_key, last_article_key
    from stored_hub_summaries

),

{%- else %}

scoped_reports as (

    select * from reports

),

-- Reports are linked through hubs rather than pairwise: one hub per type, participant and
-- period (int_incident_hub_members). Pairwise compatibility would cost the square of the
-- reports sharing a popular participant; hubs cost one row per report and participant.
report_hubs as (

    select * from hub_members

),

hub_memberships as (

    {{ report_hub_memberships }}

),

{%- endif %}

-- A hub links its members only when they are compatible through it: it holds a report of its
-- own precision (every finer report in its period agrees with that one) and reports from at
-- least two articles (reports of one article are never folded together).
linking_hubs as {{ small }} (

    select hub_id
    from hub_memberships
    group by hub_id
    having bool_or(has_own_precision) and min(first_article_key) < max(last_article_key)

),

{%- if incremental_run %}

-- The stored clusters in the linking hubs, one node each. The stored reports of a hub that link
-- on their own were linked by it when they were stored: one cluster, found through any one of
-- them (its members that changed are scoped, with their whole cluster). A hub that links only
-- with the scoped reports merges the clusters of its stored reports: they are looked up report
-- by report, a cost the merge brings.
linked_on_their_own as (

    select stored_hub_summaries.hub_id, stored_hub_summaries.any_incident_key as incident_key
    from stored_hub_summaries
    semi join linking_hubs
        on stored_hub_summaries.hub_id = linking_hubs.hub_id
    where stored_hub_summaries.has_own_precision
        and stored_hub_summaries.first_article_key < stored_hub_summaries.last_article_key

),

linked_by_the_scoped as (

    select hub_members.hub_id, hub_members.incident_key
    from hub_members
    semi join linking_hubs
        on hub_members.hub_id = linking_hubs.hub_id
    anti join linked_on_their_own
        on hub_members.hub_id = linked_on_their_own.hub_id
    anti join scoped_reports
        on hub_members.incident_key = scoped_reports.incident_key

),

cluster_nodes as {{ small }} (

    select distinct
        stored_members.hub_id,
        '#' || stored.root_incident_key as node,
        stored.root_incident_key as label
    from (
        select hub_id, incident_key from linked_on_their_own
        union all
        select hub_id, incident_key from linked_by_the_scoped
    ) as stored_members
    inner join stored_reports as stored
        on stored_members.incident_key = stored.incident_key

),

{%- else %}

cluster_nodes as (

    select cast(null as uhugeint) as hub_id, cast(null as varchar) as node, cast(null as varchar) as label
    where false

),

{%- endif %}

-- Members of a linking hub: scoped reports one by one, stored clusters as one node each.
hub_links as {{ small }} (

    select report_hubs.incident_key as node, report_hubs.hub_id
    from report_hubs
    semi join linking_hubs
        on report_hubs.hub_id = linking_hubs.hub_id
    union
    select cluster_nodes.node, cluster_nodes.hub_id
    from cluster_nodes
    semi join linking_hubs
        on cluster_nodes.hub_id = linking_hubs.hub_id

),

-- A hub's node is named '~' and its id in hex: apart from every report's and stored cluster's
-- name. Hex, not the number as text: DuckDB casts a uhugeint to text at ~45 µs a value (1.2 s for
-- the 27,000 hub links of an hourly run at 500,000 articles; hex: 3 ms).
edges as {{ small }} (

    select node as from_node, '~' || hex(hub_id) as to_node from hub_links
    union all
    select '~' || hex(hub_id) as from_node, node as to_node from hub_links

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
    select '~' || hex(hub_id) as node, '~' || hex(hub_id) as label from linking_hubs

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

{%- if incremental_run %}

-- The stored clusters whose root changed (merged with a cluster of a smaller root), by their old
-- root: their members are found by it, not by naming every stored row's cluster node.
rerooted_clusters as {{ small }} (

    select substr(node, 2) as root_incident_key, label
    from labels
    where starts_with(node, '#') and label <> substr(node, 2)

),

{%- endif %}

-- The rows to write: every scoped report; on an incremental run also the members of a stored
-- cluster whose root changed (it merged with a cluster of a smaller root), and the other current
-- reports of the changed articles (same inputs, written with their article's current state).
components as (

    select
        scoped_reports.*,
        labels.label as root_incident_key
    from scoped_reports
    inner join labels
        on scoped_reports.incident_key = labels.node
    {%- if incremental_run %}
    union all
    select
        reports.*,
        coalesce(rerooted_clusters.label, stored.root_incident_key) as root_incident_key
    from reports
    inner join stored_of_changed as stored
        on reports.incident_key = stored.incident_key
    left join rerooted_clusters
        on stored.root_incident_key = rerooted_clusters.root_incident_key
    anti join scoped_reports
        on reports.incident_key = scoped_reports.incident_key
    union all
    select
        stored.* exclude (root_incident_key),
        rerooted_clusters.label as root_incident_key
    from stored_reports as stored
    inner join rerooted_clusters
        on stored.root_incident_key = rerooted_clusters.root_incident_key
    anti join scoped_reports
        on stored.incident_key = scoped_reports.incident_key
    anti join changed_articles
        on stored.article_key = changed_articles.article_key
    {%- endif %}

),

final as (

    select
        incident_key,
        article_key,
        article_seq,
        incident_id,
        incident_type,
        undated_period,
        incident_date,
        incident_date_precision,
        date_rank,
        published_date,
        report_fingerprint,
        extracted_at,
        gazetteer_version,
        root_incident_key,
        {{ make_key(["'cluster'", 'root_incident_key']) }} as incident_cluster_key,
        -- the readers of the clusters look at the rows written since the published build only
        {{ raw_layer_stamp() }} as clustered_as_of
    from components

)

select * from final

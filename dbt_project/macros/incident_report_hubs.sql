{#
    The hubs each incident report joins (doc block incident_clustering): one per type,
    participant and period (day, month or year of the date, or "no date" within the report's
    undated_period); a report joins the hub of its own precision and the coarser ones. Applied by
    int_incident_hub_members, which stores every report's hubs for clustering to look up by key
    (macro incident_report_inputs gives the reports' columns). `reports_relation` needs
    incident_key, article_key, article_seq, incident_type, incident_date, date_rank and undated_period;
    `participants_relation` incident_key, participant_kind and participant_key.
    Columns: incident_key, article_key, article_seq, date_rank, hub_rank, hub_key.
#}
{% macro incident_report_hubs(reports_relation, participants_relation) -%}
    select
        reports.incident_key,
        reports.article_key,
        reports.article_seq,
        reports.date_rank,
        hub_precisions.hub_rank,
        concat_ws(
            '|',
            reports.incident_type,
            participants.participant_kind,
            participants.participant_key,
            hub_precisions.hub_precision,
            {{ truncate_to_precision('reports.incident_date', 'hub_precisions.hub_precision') }}
        ) as hub_key
    from {{ reports_relation }} as reports
    inner join {{ participants_relation }} as participants
        on reports.incident_key = participants.incident_key
    inner join (
        -- ranked once each, not once per report and precision
        select hub_precision, {{ precision_rank('hub_precision') }} as hub_rank
        from (select unnest(['year', 'month', 'day']) as hub_precision)
    ) as hub_precisions
        on reports.incident_date is not null
        and hub_precisions.hub_rank <= reports.date_rank

    union all

    select
        reports.incident_key,
        reports.article_key,
        reports.article_seq,
        cast(null as integer) as date_rank,
        cast(null as integer) as hub_rank,
        concat_ws(
            '|', reports.incident_type, participants.participant_kind, participants.participant_key, 'undated',
            reports.undated_period
        ) as hub_key
    from {{ reports_relation }} as reports
    inner join {{ participants_relation }} as participants
        on reports.incident_key = participants.incident_key
    where reports.incident_date is null
{%- endmacro %}

{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        pre_hook="{{ delete_rows_not_current(incident_bridge_rows('platform'), ['incident_key', 'platform_key', 'article_key']) }}"
    )
}}

-- One row per platform concerned by a reported incident.
-- Incremental (macro incident_bridge_rows): the rows no longer derived from the participants are
-- deleted first, then the current rows the table lacks are inserted.

with

current_rows as (

    -- ids: incident_key, platform_key, article_key
    {{ incident_bridge_rows('platform') }}

),

final as (

    select * from current_rows
    {{ incremental_new_or_changed('current_rows', 'incident_key', ['platform_key', 'article_key']) }}

)

select * from final

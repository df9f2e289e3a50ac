{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        pre_hook="{{ delete_rows_not_current(incident_bridge_rows('actor'), ['incident_key', 'actor_key', 'article_key', 'role']) }}"
    )
}}

-- One row per actor taking part in a reported incident, and per role it plays in it.
-- Incremental (macro incident_bridge_rows): the rows no longer derived from the participants are
-- deleted first, then the current rows the table lacks are inserted.

with

current_rows as (

    -- ids: incident_key, actor_key, article_key; strings: role
    {{ incident_bridge_rows('actor') }}

),

final as (

    select * from current_rows
    {{ incremental_new_or_changed('current_rows', 'incident_key', ['actor_key', 'article_key', 'role']) }}

)

select * from final

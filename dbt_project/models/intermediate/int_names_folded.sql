-- Every distinct name string the extractor wrote (actors, platforms, payers, subjects of counts)
-- or the platform gazetteer holds, with its folded form: the lookup every model joins instead of
-- folding names itself. Folding is a Python function (macro fold_name) and costs a call per row;
-- here it runs once per string new to the warehouse, not once per fact and run. The table is
-- rebuilt every run (strings are few beside the mentions, and a name no longer written anywhere
-- leaves, as on a --full-refresh), keeping the stored folded form of every string already seen.
-- A change of the folding rule takes a --full-refresh, like every key built on it.

{#- --full-refresh folds every string again (a new folding rule): nothing stored is reused -#}
{%- set stored = none if flags.FULL_REFRESH else adapter.get_relation(this.database, this.schema, this.identifier) %}

with

names_seen as (

    select actor_name as name from {{ ref('stg_raw__actor_mentions') }}
    union
    select actor_name from {{ ref('stg_raw__actor_roles') }}
    union
    select actor_name from {{ ref('stg_raw__incident_actors') }}
    union
    select payer_name from {{ ref('stg_raw__monetary_figures') }}
    union
    select subject_actor_name from {{ ref('stg_raw__quantities') }}
    union
    select subject_platform_name from {{ ref('stg_raw__quantities') }}
    union
    select platform_name from {{ ref('stg_raw__platform_mentions') }}
    union
    select platform_name from {{ ref('stg_raw__incident_platforms') }}
    union
    select platform_name from {{ ref('platforms') }}
    union
    select owner_name from {{ ref('platforms') }}

),

final as (

    select
        names_seen.name,
        {%- if stored %}
        -- CASE evaluates the fold only for the rows that reach its branch: the new strings
        case
            when stored.name is null then {{ fold_name('names_seen.name') }}
            else stored.name_folded
        end as name_folded
        {%- else %}
        {{ fold_name('names_seen.name') }} as name_folded
        {%- endif %}
    from names_seen
    {%- if stored %}
    left join {{ stored }} as stored
        on names_seen.name = stored.name
    {%- endif %}
    where names_seen.name is not null

)

select * from final

-- The actor gazetteer (seed actor_aliases) keyed by folded alias. Every canonical name is also an
-- alias of itself. When the seed maps one folded alias to several actors, the alphabetically first
-- canonical name wins, so the result never depends on the seed's row order.

with

aliases as (

    select * from {{ ref('actor_aliases') }}

),

alias_rows as (

    -- each alias, and each canonical name as an alias of itself
    select
        {{ fold_name('alias_items.alias_value') }} as alias_folded,
        {{ fold_name('aliases.canonical_name') }} as canonical_folded,
        trim(aliases.canonical_name) as canonical_name,
        lower(trim(aliases.actor_type)) as actor_type
    from aliases,
        unnest([aliases.alias, aliases.canonical_name]) as alias_items(alias_value)

),

canonicals as (

    -- one spelling and one type per actor: the most frequent, then the alphabetically first
    {{ most_frequent(
        'alias_rows', 'canonical_folded', ['canonical_name', 'actor_type'],
        where='canonical_folded is not null'
    ) }}

),

alias_targets as (

    select distinct
        alias_folded,
        canonical_folded
    from alias_rows
    where alias_folded is not null
        and canonical_folded is not null
    qualify row_number() over (partition by alias_folded order by canonical_folded) = 1

),

final as (

    select
        alias_targets.alias_folded,
        alias_targets.canonical_folded,
        canonicals.canonical_name,
        canonicals.actor_type
    from alias_targets
    inner join canonicals
        on alias_targets.canonical_folded = canonicals.canonical_folded

)

select * from final

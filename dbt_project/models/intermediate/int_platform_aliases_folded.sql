-- The platform gazetteer (seed platforms) keyed by folded alias: the platform's own name, each of
-- its `|`-separated aliases and each of its URL domains. A folded alias claimed by two platforms
-- goes to the alphabetically first, whatever the seed's row order.

with

platforms as (

    select * from {{ ref('platforms') }}

),

alias_rows as (

    -- the platform's own name, each of its `|`-separated aliases and each of its URL domains
    select
        {{ fold_name('alias_items.alias_value') }} as alias_folded,
        platforms.platform_name
    from platforms,
        unnest(list_concat(
            [platforms.platform_name],
            string_split(coalesce(platforms.aliases, ''), '|'),
            string_split(coalesce(platforms.url_domains, ''), '|')
        )) as alias_items(alias_value)

),

canonicals as (

    select
        {{ fold_name('platform_name') }} as canonical_folded,
        trim(platform_name) as platform_name,
        trim(owner_name) as owner_name
    from platforms
    qualify row_number() over (
        partition by {{ fold_name('platform_name') }}
        order by trim(platform_name), trim(owner_name) nulls last
    ) = 1

),

final as (

    select
        alias_rows.alias_folded,
        canonicals.canonical_folded,
        canonicals.platform_name,
        nullif(canonicals.owner_name, '') as owner_name
    from alias_rows
    inner join canonicals
        on {{ fold_name('alias_rows.platform_name') }} = canonicals.canonical_folded
    where alias_rows.alias_folded is not null
    qualify row_number() over (
        partition by alias_rows.alias_folded
        order by canonicals.canonical_folded
    ) = 1

)

select * from final

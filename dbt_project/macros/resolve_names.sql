{#
    Helpers shared by the actor and the platform lookups (int_actor_names_resolved,
    int_platform_names_resolved, int_actors_resolved, int_platforms_resolved): the logic is the
    same for both kinds of entity, only the names and the gazetteer differ.
#}

{#
    One row per folded name seen in `names_relation` (folded through `folded_relation`, shaped like
    int_names_folded): its most frequent spelling (alphabetical on
    ties, so order-independent), how often it was seen, and the canonical name it folds to through
    the gazetteer `aliases_relation` (itself when the gazetteer does not know it), and the entity
    key `key_column` = md5(canonical folded name).
    Columns: <key_column>, name_folded, canonical_folded, preferred_spelling, n_occurrences,
    is_in_gazetteer.
#}
{% macro resolve_folded_names(names_relation, name_column, folded_relation, aliases_relation, key_column) -%}
    with

    folded as (

        select
            {{ folded_relation }}.name_folded,
            trim({{ names_relation }}.{{ name_column }}) as spelling
        from {{ names_relation }}
        inner join {{ folded_relation }}
            on {{ names_relation }}.{{ name_column }} = {{ folded_relation }}.name

    ),

    spellings as (

        -- the most frequent spelling of a folded name, alphabetical on ties: order-independent
        {{ most_frequent('folded', 'name_folded', ['spelling'], where='name_folded is not null') }}

    ),

    occurrences as (

        select
            name_folded,
            count(*) as n_occurrences
        from folded
        where name_folded is not null
        group by name_folded

    ),

    resolved as (

        select
            spellings.name_folded,
            spellings.spelling as preferred_spelling,
            occurrences.n_occurrences,
            coalesce({{ aliases_relation }}.canonical_folded, spellings.name_folded) as canonical_folded,
            {{ aliases_relation }}.alias_folded is not null as is_in_gazetteer
        from spellings
        inner join occurrences
            on spellings.name_folded = occurrences.name_folded
        left join {{ aliases_relation }}
            on spellings.name_folded = {{ aliases_relation }}.alias_folded

    )

    select
        {{ make_key('canonical_folded') }} as {{ key_column }},
        name_folded,
        canonical_folded,
        preferred_spelling,
        n_occurrences,
        is_in_gazetteer
    from resolved
{%- endmacro %}

{#
    One row per entity key of a names lookup (int_*_names_resolved): the canonical folded name and
    the spelling seen most often among the names that resolve to it (alphabetical on ties).
#}
{% macro preferred_spelling_per_key(names_relation, key_column) -%}
    select
        {{ key_column }},
        canonical_folded,
        preferred_spelling
    from {{ names_relation }}
    qualify row_number() over (
        partition by {{ key_column }}
        order by n_occurrences desc, preferred_spelling
    ) = 1
{%- endmacro %}

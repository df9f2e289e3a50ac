{#
    Fold a name for matching: Unicode NFC, apostrophe variants to ', lower case, accents
    stripped, runs of white space (incl. no-break spaces) collapsed, trimmed.

    It mirrors the gold matching rules (shared/gold/README.md) so that "États-Unis",
    "Etats-Unis" and "ETATS-UNIS" are one actor, and it is the input of actor_key/platform_key:
    changing it changes every key, so change it only with a --full-refresh.
#}
{% macro fold_name(expr) -%}
    nullif(trim(regexp_replace(
        strip_accents(lower(
            replace(replace(replace(nfc_normalize({{ expr }}), '’', ''''), 'ʼ', ''''), '‘', '''')
        )),
        '[\s\x{00A0}\x{202F}]+', ' ', 'g'
    )), '')
{%- endmacro %}

{#- Which assessed versions apply to a district: a national list to every district, a
    provincial list only in its province (seeds/frameworks.csv province_code, staged as
    stg_reference__assessed_versions.applies_in_province); a synthetic district of the bench
    (no province of its own) is assessed under every list. The one home of the rule: every
    model that pairs a district with a version's standard filters by it. -#}
{% macro version_applies(versions, province_code, is_synthetic='false') -%}
(
    {{ versions }}.applies_in_province is null
    or {{ versions }}.applies_in_province = {{ province_code }}
    or coalesce({{ is_synthetic }}, false)
)
{%- endmacro %}

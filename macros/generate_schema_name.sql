{#- Schemas are named exactly as configured (`marts`, not `main_marts`): analysts and the
    report pages query `marts.fct_indicator_values`. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name | trim if custom_schema_name else target.schema }}
{%- endmacro %}

{#- The columns of a landed table of indicator values, renamed and typed, with the key of
    each value: the current values (stg_landing__indicator_values) and the older revisions'
    (stg_landing__superseded_values) are staged by the same rule. -#}
{% macro staged_indicator_values(extra=[]) -%}
select
    md5(concat_ws('|', document_id, source_line, measure, coalesce(period_year, 0),
        coalesce(indicator_seq, ''), sub_index, indicator_name_zh, value_raw)) as value_id,
    district_id,
    document_id,
    framework_id,
    table_label,
    indicator_seq,
    sub_index,
    indicator_name_zh,
    parent_name_zh,
    domain_zh,
    task_group_zh,
    region_variant,
    measure,
    cast(period_year as integer) as period_year,
    value_raw,
    value_num,
    comparator,
    comparator_raw,
    nullif(trim(unit), '') as unit,
    compliance_reported,
    binding,
    lead_department,
    is_inherited,
    is_change,
    note,
    context_text,
    parse_issue,
    source_location,
    concept_id,
    definition_id,
    mapped_by,
    match_score,
    match_candidate,
    nullif(reads_unit_as, '') as reads_unit_as,
    source_file,
    cast(source_line as integer) as source_line
    {%- for column in extra %},
    {{ column }}
    {%- endfor %}
{%- endmacro %}

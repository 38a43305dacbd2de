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
    -- the value as a reader sees it: a direction word printed before it (下降11.5%, 减少1518吨,
    -- 较2020年降低12.5%) is kept where value_raw lacks it
    case
        when
            regexp_extract(comparator_raw, '{{ direction_words() }}') <> ''
            and not contains(value_raw, regexp_extract(comparator_raw, '{{ direction_words() }}'))
            then regexp_extract(comparator_raw, '{{ direction_words() }}') || value_raw
        else value_raw
    end as value_shown,
    value_num,
    comparator,
    comparator_raw,
    nullif(trim(unit), '') as unit,
    -- the printed verdict as a code of the marts' one vocabulary (met | not_met), and as
    -- printed; the printed attribute (约束性) as a boolean, and as printed
    case compliance_reported when '达标' then 'met' when '不达标' then 'not_met' end
        as compliance_reported,
    compliance_reported_raw,
    binding = 'binding' as is_binding,
    binding_raw,
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

{#- The words that give a change its direction, as the documents print them
    (ingest/values.py DIRECTIONS reads the same words for change_direction). -#}
{% macro direction_words() -%}
下降|降低|减少|提高|提升|增加|增长
{%- endmacro %}

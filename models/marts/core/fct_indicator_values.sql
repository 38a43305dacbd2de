{#- a status row of a table is judged against its own row's standard, where printed -#}
{%- set judged = "indicator_values.measure = 'status'"
    ~ " and indicator_values.table_label is not null" -%}
with

indicator_values as (
    select * from {{ ref('stg_landing__indicator_values') }}
),

mapped as (
    select * from {{ ref('int_indicator_values_mapped') }}
),

own_table_verdicts as (
    select
        pairs.value_id,
        evaluated.verdict,
        evaluated.reason_code,
        evaluated.reason_args,
        evaluated.reason_zh,
        evaluated.reason_en
    from {{ ref('int_comparisons_paired') }} as pairs
    inner join {{ ref('int_comparisons_evaluated') }} as evaluated
        on pairs.comparison_id = evaluated.comparison_id
    where pairs.comparison_kind = 'own_table'
),

final as (
    select
        indicator_values.value_id,
        indicator_values.district_id,
        indicator_values.document_id,
        indicator_values.framework_id,
        table_label,
        indicator_seq,
        sub_index,
        indicator_name_zh,
        parent_name_zh,
        domain_zh,
        task_group_zh,
        region_variant,
        mapped.version_id,
        mapped.framework_seq,
        mapped.concept_id,
        mapped.definition_id,
        mapped.mapped_by,
        indicator_values.match_score,
        indicator_values.match_candidate,
        measure,
        period_year,
        value_raw,
        value_shown,
        value_num,
        comparator,
        comparator_raw,
        unit,
        mapped.unit_read,
        mapped.value_canonical,
        mapped.canonical_unit,
        mapped.value_is_change,
        compliance_reported,
        {{ text_of('verdict', 'compliance_reported') }} as compliance_reported_zh,
        compliance_reported_raw,
        case when {{ judged }} then coalesce(own_table_verdicts.verdict, 'not_evaluable') end
            as compliance_computed,
        case when {{ judged }} then {{ text_of('verdict',
            "coalesce(own_table_verdicts.verdict, 'not_evaluable')") }} end as compliance_computed_zh,
        case
            when {{ judged }} then coalesce(own_table_verdicts.reason_code, 'no_standard_printed')
        end
            as compliance_reason_code,
        case
            when {{ judged }} then coalesce(own_table_verdicts.reason_args, cast([] as varchar[]))
        end
            as compliance_reason_args,
        {%- for lang in ['zh', 'en'] %}
            case
                when {{ judged }}
                    then coalesce(
                        own_table_verdicts.reason_{{ lang }},
                        {{ text_of('reason', "'no_standard_printed'", lang) }}
                    )
            end as compliance_reason_{{ lang }},
        {%- endfor %}
        is_binding,
        binding_raw,
        lead_department,
        is_inherited,
        is_change,
        note,
        context_text,
        parse_issue,
        source_location,
        source_file,
        source_line
    from indicator_values
    left join mapped on indicator_values.value_id = mapped.value_id
    left join own_table_verdicts on indicator_values.value_id = own_table_verdicts.value_id
)

select * from final

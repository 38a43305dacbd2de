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
        evaluated.reason
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
        value_num,
        comparator,
        comparator_raw,
        unit,
        mapped.unit_read,
        mapped.value_canonical,
        mapped.canonical_unit,
        mapped.value_is_change,
        compliance_reported,
        case
            when indicator_values.measure = 'status' and indicator_values.table_label is not null
                then coalesce(own_table_verdicts.verdict, 'not_evaluable')
        end as compliance_computed,
        case
            when indicator_values.measure = 'status' and indicator_values.table_label is not null
                then coalesce(own_table_verdicts.reason, 'no standard printed for this row')
        end as compliance_reason,
        binding,
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

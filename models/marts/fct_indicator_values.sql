with

indicator_values as (
    select * from {{ ref('stg_landing__indicator_values') }}
),

final as (
    select
        value_id,
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
        -- filled by the reconciliation of indicator versions (concepts, crosswalk)
        cast(null as varchar) as concept_id,
        measure,
        period_year,
        value_raw,
        value_num,
        comparator,
        comparator_raw,
        unit,
        compliance_reported,
        -- filled by the compliance evaluation of the reconciliation
        cast(null as varchar) as compliance_computed,
        binding,
        lead_department,
        is_inherited,
        is_change,
        note,
        context_text,
        source_file,
        source_line
    from indicator_values
)

select * from final

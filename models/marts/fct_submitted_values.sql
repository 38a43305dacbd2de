-- Every value the districts submitted, the history included: a newer submission for the
-- same district, concept (and definition) and year supersedes an older one, which stays
-- here with is_current = false and the file that superseded it. Newer: the later 填报日期
-- (the date the district filled in; the date ecobench received the file when blank),
-- then the later receipt, then the later file name.
with

mapped as (
    select * from {{ ref('int_submitted_values_mapped') }}
),

ordered as (
    select
        *,
        first_value(submitted_value_id) over newest_first as latest_value_id,
        first_value(source_file) over newest_first as latest_file
    from mapped
    window newest_first as (
        partition by district_id, coalesce(concept_id, framework_id || '|' || indicator_seq),
            definition_id, value_is_change, period_year
        order by coalesce(submitted_on, cast(received_at as date)) desc, received_at desc,
            source_file desc, source_line desc
    )
),

final as (
    select
        submitted_value_id,
        submission_id,
        district_id,
        framework_id,
        version_id,
        indicator_seq,
        indicator_name_zh,
        concept_id,
        definition_id,
        period_year,
        value_raw,
        value_num,
        unit,
        value_is_change,
        standard_raw,
        remarks,
        submitted_on,
        received_at,
        submitted_value_id = latest_value_id as is_current,
        case when submitted_value_id <> latest_value_id then latest_file end as superseded_by,
        is_synthetic,
        source_file,
        sheet_name,
        source_line
    from ordered
)

select * from final

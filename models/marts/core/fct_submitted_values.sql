-- Every value the districts submitted, the history included: a newer submission for the
-- same district, concept (and definition) and year supersedes an older one, which stays
-- here with is_current = false and the file that superseded it. Newer: the later 填报日期
-- (the date the district filled in; the date ecobench received the file when blank),
-- then the later receipt, then the later file name.
-- Incremental: a refresh recomputes only the (district, concept, year) groups a new or
-- withdrawn submission touches, and replaces their rows (dbt_invocation_id: the build that
-- last wrote a row, which tells the district-level models downstream what to recompute).
{{
    config(
        materialized='incremental',
        unique_key='submitted_value_id',
        on_schema_change='fail',
        post_hook="{{ delete_withdrawn_submissions() }}"
    )
}}
with

-- not materialized: read twice in an incremental build, it must not be copied whole
mapped as not materialized (
    select
        *,
        -- an indicator no concept maps supersedes only itself
        coalesce(concept_id, framework_id || '#' || indicator_seq) as concept_key
    from {{ ref('int_submitted_values_mapped') }}
),

{% if is_incremental() %}
touched as (
    select district_id, concept_key, definition_id, value_is_change, period_year from mapped
    where dbt_invocation_id = '{{ invocation_id }}'
    union
    select district_id, concept_key, definition_id, value_is_change, period_year from {{ this }}
    where submission_id not in ({{ landed_submission_ids() }})
),

in_scope as (
    select mapped.*
    from mapped
    semi join touched
        using (district_id, concept_key, definition_id, value_is_change, period_year)
),
{% else %}
in_scope as (
    select * from mapped
),
{% endif %}

ordered as (
    select
        *,
        first_value(submitted_value_id) over newest_first as latest_value_id,
        first_value(source_file) over newest_first as latest_file
    from in_scope
    window newest_first as (
        partition by district_id, concept_key, definition_id, value_is_change, period_year
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
        concept_key,
        is_synthetic,
        source_file,
        sheet_name,
        source_line,
        '{{ invocation_id }}' as dbt_invocation_id
    from ordered
)

select * from final

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

-- the values of the submissions this build adds: in a build upon the last, only the files
-- landed since are read
new_values as (
    select
        * exclude (landed_file),
        -- an indicator no concept maps supersedes only itself
        coalesce(concept_id, framework_id || '#' || indicator_seq) as concept_key
    from {{ ref('int_submitted_values_mapped') }}
    {% if is_incremental() %}
    where landed_file in (
        select landed_file from ({{ landed_submissions() }})
        where submission_id not in (select distinct submission_id from {{ this }})
    )
    {% endif %}
),

{% if is_incremental() %}
-- the groups (district, concept, definition, level or change, year) a new or a withdrawn
-- submission touches
touched as (
    select district_id, concept_key, definition_id, value_is_change, period_year
    from new_values
    union
    select district_id, concept_key, definition_id, value_is_change, period_year from {{ this }}
    where submission_id not in ({{ landed_submission_ids() }})
),

-- their values: the new ones and those already here of the submissions still landed
in_scope as (
    select * from new_values
    union all by name
    select kept.* exclude (is_current, superseded_by, dbt_invocation_id)
    from {{ this }} as kept
    semi join touched
        on kept.district_id = touched.district_id
        and kept.concept_key = touched.concept_key
        and kept.definition_id is not distinct from touched.definition_id
        and kept.value_is_change = touched.value_is_change
        and kept.period_year = touched.period_year
    where kept.submission_id in ({{ landed_submission_ids() }})
),
{% else %}
in_scope as (
    select * from new_values
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

-- Each submitted value with the concept it reports on: the framework's assessed version and
-- the crosswalk row of its seq (a submission is filled in the template of that version, whose
-- rows are the version's own list). A submitted number is a level of its indicator, even
-- where the standard is a change (ΔEQI≥-1): fct_submission_verdicts computes the change
-- from two levels, or says it cannot. Incremental: a refresh reads
-- and adds the rows of new submissions only (the other landed files stay unread), and drops
-- those of submissions no longer delivered.
{{
    config(
        materialized='incremental',
        on_schema_change='fail',
        post_hook="{{ delete_withdrawn_submissions() }}"
    )
}}
with

submitted as (
    select * exclude (landed_file) from {{ ref('stg_landing__submissions') }}
    {% if is_incremental() %}
    where landed_file in (
        select landed_file from ({{ landed_submissions() }})
        where submission_id not in (select distinct submission_id from {{ this }})
    )
    {% endif %}
),

versions as (
    select * from {{ ref('stg_reference__assessed_versions') }}
),

crosswalk as (
    select * from {{ ref('crosswalk') }} where is_primary
),

framework_indicators as (
    select * from {{ ref('framework_indicators') }}
),

final as (
    select
        submitted.*,
        versions.version_id,
        crosswalk.concept_id,
        crosswalk.definition_id,
        framework_indicators.standard_raw,
        false as value_is_change,
        '{{ invocation_id }}' as dbt_invocation_id
    from submitted
    inner join versions on versions.framework_id = submitted.framework_id
    left join crosswalk
        on crosswalk.version_id = versions.version_id and crosswalk.seq = submitted.indicator_seq
    left join framework_indicators
        on framework_indicators.version_id = versions.version_id
        and framework_indicators.seq = submitted.indicator_seq
)

select * from final

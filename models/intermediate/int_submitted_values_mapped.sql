-- Each submitted value with the concept it reports on: the framework's assessed version and
-- the crosswalk row of its seq (a submission is filled in the template of that version, whose
-- rows are the version's own list). A submitted number is a level of its indicator, even
-- where the standard is a change (ΔEQI≥-1): fct_submission_verdicts computes the change
-- from two levels, or says it cannot. A view with one reader, fct_submitted_values, which
-- writes each value once: as a table it wrote a province's 3.5 million values a second
-- time (docs/performance.md). landed_file: a filter on it reads only those landed files.
{{ config(materialized='view') }}
with

submitted as (
    select * from {{ ref('stg_landing__submissions') }}
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
        false as value_is_change
    from submitted
    inner join versions on versions.framework_id = submitted.framework_id
    left join crosswalk
        on crosswalk.version_id = versions.version_id and crosswalk.seq = submitted.indicator_seq
    left join framework_indicators
        on framework_indicators.version_id = versions.version_id
        and framework_indicators.seq = submitted.indicator_seq
)

select * from final

-- Each submitted value with the concept it reports on: the framework's assessed version,
-- the crosswalk row of its seq, and whether the framework's standard for it is a change
-- (ΔEQI≥-1: the district reports the change, not the level). Incremental: a refresh reads
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

change_standards as (
    select expr_raw from {{ ref('int_expressions_read') }} where is_change
),

final as (
    select
        submitted.*,
        versions.version_id,
        crosswalk.concept_id,
        crosswalk.definition_id,
        framework_indicators.standard_raw,
        change_standards.expr_raw is not null as value_is_change,
        '{{ invocation_id }}' as dbt_invocation_id
    from submitted
    inner join versions on versions.framework_id = submitted.framework_id
    left join crosswalk
        on crosswalk.version_id = versions.version_id and crosswalk.seq = submitted.indicator_seq
    left join framework_indicators
        on framework_indicators.version_id = versions.version_id
        and framework_indicators.seq = submitted.indicator_seq
    left join change_standards on change_standards.expr_raw = framework_indicators.standard_raw
)

select * from final

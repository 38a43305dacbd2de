-- Each district's statuses and targets (from any of its documents) evaluated against the
-- standard of every assessed framework version that has an indicator of the same concept:
-- "Hailing's plan under the revised national standard", "Honggutan's 2022 status under the
-- 2017 trial list". One row per value × framework indicator.
with

pairs as (
    select * from {{ ref('int_comparisons_paired') }}
    where comparison_kind = 'cross_framework'
),

evaluated as (
    select * from {{ ref('int_comparisons_evaluated') }}
),

indicator_values as (
    select * from {{ ref('fct_indicator_values') }}
),

framework_indicators as (
    select * from {{ ref('framework_indicators') }}
),

final as (
    select
        pairs.comparison_id,
        pairs.district_id,
        pairs.concept_id,
        indicator_values.framework_id as value_framework_id,
        indicator_values.measure,
        indicator_values.period_year,
        indicator_values.indicator_name_zh,
        indicator_values.value_raw,
        indicator_values.value_canonical,
        indicator_values.canonical_unit,
        indicator_values.source_file,
        indicator_values.source_line,
        indicator_values.source_location,
        pairs.framework_id as evaluated_framework_id,
        pairs.version_id as evaluated_version_id,
        pairs.framework_seq as evaluated_seq,
        framework_indicators.indicator_zh as evaluated_indicator_zh,
        framework_indicators.binding = 'binding' as evaluated_is_binding,
        pairs.standard_raw,
        pairs.value_definition_id,
        pairs.standard_definition_id,
        pairs.value_definition_id = pairs.standard_definition_id as is_comparable,
        evaluated.verdict,
        {{ text_of('verdict', 'evaluated.verdict') }} as verdict_zh,
        evaluated.reason_code,
        evaluated.reason_args,
        evaluated.reason_zh,
        evaluated.reason_en,
        pairs.value_id
    from pairs
    inner join evaluated on pairs.comparison_id = evaluated.comparison_id
    inner join indicator_values on pairs.value_id = indicator_values.value_id
    inner join framework_indicators
        on
            pairs.version_id = framework_indicators.version_id
            and pairs.framework_seq = framework_indicators.seq
)

select * from final

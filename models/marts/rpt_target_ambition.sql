-- How ambitious each district's own targets are against each assessed framework's
-- standard: one row per concept × framework × district (its latest comparable target).
-- margin: how far the target goes beyond the standard, in the concept's canonical unit,
-- positive when more ambitious (direction-aware); ratio: target / standard (standard /
-- target where lower is better). Districts are ranked by margin per concept and framework.
with

evaluated as (
    select * from {{ ref('int_comparisons_evaluated') }}
),

pairs as (
    select * from {{ ref('int_comparisons_paired') }} where comparison_kind = 'cross_framework'
),

indicator_values as (
    select * from {{ ref('stg_landing__indicator_values') }}
),

concepts as (
    select * from {{ ref('concepts') }}
),

latest_targets as (
    select
        pairs.district_id,
        pairs.framework_id,
        pairs.framework_seq,
        pairs.concept_id,
        indicator_values.value_raw as target_raw,
        indicator_values.period_year as target_year,
        pairs.standard_raw,
        evaluated.value_scaled as target_value,
        evaluated.threshold as standard_value,
        evaluated.verdict,
        indicator_values.source_file,
        indicator_values.source_line
    from pairs
    inner join evaluated on evaluated.comparison_id = pairs.comparison_id
    inner join indicator_values on indicator_values.value_id = pairs.value_id
    where indicator_values.measure = 'target' and evaluated.threshold is not null
    qualify row_number() over (
        partition by pairs.district_id, pairs.framework_id, pairs.framework_seq
        order by indicator_values.period_year desc nulls last, indicator_values.source_file,
            indicator_values.source_line, evaluated.value_scaled desc, indicator_values.value_id
    ) = 1
),

measured as (
    select
        latest_targets.*,
        concepts.name_zh as concept_name_zh,
        concepts.direction,
        case concepts.direction
            when 'lower' then standard_value - target_value
            else target_value - standard_value
        end as margin,
        case
            when concepts.direction = 'lower' and target_value <> 0 then standard_value / target_value
            when concepts.direction <> 'lower' and standard_value <> 0 then target_value / standard_value
        end as ratio
    from latest_targets
    inner join concepts on concepts.concept_id = latest_targets.concept_id
),

final as (
    select
        concept_id,
        concept_name_zh,
        framework_id,
        framework_seq,
        district_id,
        direction,
        target_raw,
        target_year,
        target_value,
        standard_raw,
        standard_value,
        round(margin, 3) as margin,
        round(ratio, 3) as ratio,
        verdict,
        rank() over (partition by concept_id, framework_id, framework_seq order by round(margin, 3) desc)
            as ambition_rank,
        count(*) over (partition by concept_id, framework_id, framework_seq) as n_districts,
        source_file,
        source_line
    from measured
)

select * from final

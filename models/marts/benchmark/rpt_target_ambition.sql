-- How ambitious each district's own targets are against each assessed framework's
-- standard: one row per concept × framework indicator × district with a numeric target
-- (the one fct_indicator_scores rates on the target basis).
-- margin: how far the target goes beyond the standard, in the concept's canonical unit,
-- positive when more ambitious (direction-aware); ratio: target / standard (standard /
-- target where lower is better). Districts are ranked by margin per framework indicator.
-- Every list that applies to the district is compared, whether or not its documents cite
-- it; the targets below standard every headline counts are this mart's not_met rows.
with

targets as (
    select * from {{ ref('fct_indicator_scores') }}
    where basis = 'target' and threshold is not null and value_scaled is not null
),

concepts as (
    select * from {{ ref('concepts') }}
),

measured as (
    select
        targets.*,
        concepts.name_zh as concept_name_zh,
        case targets.direction
            when 'lower' then targets.threshold - targets.value_scaled
            else targets.value_scaled - targets.threshold
        end as margin,
        case
            when targets.direction = 'lower' and targets.value_scaled <> 0
                then targets.threshold / targets.value_scaled
            when targets.direction <> 'lower' and targets.threshold <> 0
                then targets.value_scaled / targets.threshold
        end as ratio
    from targets
    inner join concepts on targets.concept_id = concepts.concept_id
),

final as (
    select
        concept_id,
        concept_name_zh,
        framework_id,
        version_id,
        framework_seq,
        district_id,
        direction,
        value_raw as target_raw,
        value_shown as target_shown,
        period_year as target_year,
        value_scaled as target_value,
        standard_raw,
        threshold as standard_value,
        round(margin, 3) as margin,
        round(ratio, 3) as ratio,
        verdict,
        {{ text_of('verdict', 'verdict') }} as verdict_zh,
        reason_code,
        reason_args,
        reason_zh,
        reason_en,
        rank()
            over (
                partition by concept_id, framework_id, framework_seq order by round(margin, 3) desc
            )
            as ambition_rank,
        count(*) over (partition by concept_id, framework_id, framework_seq) as n_districts,
        source_file,
        source_line
    from measured
)

select * from final

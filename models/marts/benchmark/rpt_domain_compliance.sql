-- Reported compliance by domain: one row per district × framework × domain, counted per
-- top-level indicator as rpt_compliance_summary counts (sub-rows 7.1, 7.2 make one
-- indicator, not met when any of them is). The domain is the concept's, or its parent's.
with

statuses as (
    select * from {{ ref('fct_indicator_values') }}
    where measure = 'status' and table_label is not null
),

concepts as (
    select * from {{ ref('dim_concept') }}
),

top_level as (
    select
        statuses.district_id,
        statuses.framework_id,
        statuses.indicator_seq,
        min(coalesce(parents.domain_zh, concepts.domain_zh)) as domain_zh,
        bool_or(statuses.compliance_reported = 'not_met') as is_not_met
    from statuses
    inner join concepts on statuses.concept_id = concepts.concept_id
    left join concepts as parents on concepts.parent_concept_id = parents.concept_id
    group by statuses.district_id, statuses.framework_id, statuses.indicator_seq
),

final as (
    select
        district_id,
        framework_id,
        domain_zh,
        count(*) filter (where not is_not_met) as n_met,
        count(*) filter (where is_not_met) as n_not_met
    from top_level
    group by district_id, framework_id, domain_zh
)

select * from final

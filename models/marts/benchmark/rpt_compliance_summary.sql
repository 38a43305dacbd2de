-- Attainability per district, framework table and basis, counted per top-level indicator
-- as the documents count them: an indicator with sub-rows (7.1, 7.2) is met when every
-- sub-row is met and not met when any is. basis 'reported' reads the documents' own
-- 达标/不达标; 'computed' is this warehouse's evaluation of the same rows.
with

statuses as (
    select * from {{ ref('fct_indicator_values') }}
    where measure = 'status' and table_label is not null
),

top_level as (
    select
        district_id,
        framework_id,
        document_id,
        table_label,
        indicator_seq,
        bool_or(binding = 'binding') as is_binding,
        case
            when bool_or(compliance_reported = '不达标') then 'not_met'
            when bool_and(compliance_reported = '达标') then 'met'
            else 'not_evaluable'
        end as reported,
        case
            when bool_or(compliance_computed = 'not_met') then 'not_met'
            when bool_and(compliance_computed = 'met') then 'met'
            else 'not_evaluable'
        end as computed
    from statuses
    group by district_id, framework_id, document_id, table_label, indicator_seq
),

by_basis as (
    select
        *,
        'reported' as basis,
        reported as verdict
    from top_level
    union all
    select
        *,
        'computed' as basis,
        computed as verdict
    from top_level
),

final as (
    select
        district_id,
        framework_id,
        basis,
        document_id,
        table_label,
        count(*) as n_indicators,
        count(*) filter (where verdict = 'met') as n_met,
        count(*) filter (where verdict = 'not_met') as n_not_met,
        count(*) filter (where verdict = 'not_met' and is_binding) as n_not_met_binding,
        count(*) filter (where verdict = 'not_evaluable') as n_not_evaluable,
        count(*) filter (
            where computed in ('met', 'not_met')
            and reported in ('met', 'not_met')
            and computed <> reported
        ) as n_verdicts_disagreeing
    from by_basis
    group by district_id, framework_id, basis, document_id, table_label
)

select * from final

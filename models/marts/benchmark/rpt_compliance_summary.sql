-- Attainability per district, framework table and basis, counted per top-level indicator
-- as the documents count them: an indicator with sub-rows (7.1, 7.2) is met when every
-- sub-row is met and not met when any is. basis 'reported' reads the documents' own
-- 达标/不达标; 'computed' is this warehouse's evaluation of the same rows: against the
-- standard the table prints, else (a table with no standard column, 磐安县's) against its
-- framework's own standard (rpt_cross_framework). n_printed: the
-- indicators whose verdict the table prints (reported compliance is n_met of n_printed;
-- a table that prints none says so); n_framework_indicators: the framework's own count,
-- as coverage counts it (fct_domain_scores), beside the count the table prints.
with

-- each status's verdict against its own framework's seeded standard (all its parts)
against_framework as (
    select
        value_id,
        case
            when bool_or(verdict = 'not_met') then 'not_met'
            when bool_and(verdict = 'met') then 'met'
        end as verdict
    from {{ ref('rpt_cross_framework') }}
    where value_framework_id = evaluated_framework_id and is_comparable
    group by value_id
),

statuses as (
    select
        indicator_values.* replace (
            case
                when indicator_values.compliance_computed in ('met', 'not_met')
                    then indicator_values.compliance_computed
                else coalesce(against_framework.verdict, indicator_values.compliance_computed)
            end as compliance_computed
        )
    from {{ ref('fct_indicator_values') }} as indicator_values
    left join against_framework on indicator_values.value_id = against_framework.value_id
    where indicator_values.measure = 'status' and indicator_values.table_label is not null
),

framework_sizes as (
    select
        indicators.framework_id,
        count(distinct indicators.top_seq) as n_framework_indicators
    from {{ ref('dim_framework_indicator') }} as indicators
    inner join {{ ref('stg_reference__assessed_versions') }} as versions
        on indicators.version_id = versions.version_id
    where not indicators.is_parent
    group by indicators.framework_id
),

top_level as (
    select
        district_id,
        framework_id,
        document_id,
        table_label,
        indicator_seq,
        bool_or(is_binding) as is_binding,
        case
            when bool_or(compliance_reported = 'not_met') then 'not_met'
            when bool_and(compliance_reported = 'met') then 'met'
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

counted as (
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
        count(*) filter (where reported in ('met', 'not_met')) as n_printed,
        count(*) filter (
            where computed in ('met', 'not_met')
            and reported in ('met', 'not_met')
            and computed <> reported
        ) as n_verdicts_disagreeing
    from by_basis
    group by district_id, framework_id, basis, document_id, table_label
),

final as (
    select
        counted.*,
        framework_sizes.n_framework_indicators
    from counted
    left join framework_sizes on counted.framework_id = framework_sizes.framework_id
)

select * from final

-- Districts side by side per concept: the standard of each assessed framework, the
-- district's latest status and its targets, in the concept's canonical unit, with the
-- verdicts. One row per concept × definition × level-or-change × district: values of
-- non-comparable definitions of one lineage (EI and EQI; 森林 and 林草覆盖率), or a level and
-- a change (EQI 46.48 and ΔEQI 0.1), never share a row; a standard shows only on the rows
-- it can be compared with.
with

indicator_values as (
    select * from {{ ref('fct_indicator_values') }}
    where concept_id is not null and measure in ('status', 'target')
),

concepts as (
    select * from {{ ref('concepts') }}
),

crosswalk as (
    select * from {{ ref('crosswalk') }}
),

framework_indicators as (
    select * from {{ ref('framework_indicators') }}
),

scores as (
    select * from {{ ref('int_indicator_scores') }} where basis = 'status'
),

changes as (
    select expr_raw, bool_or(is_change) as is_change
    from {{ ref('int_expressions_parsed') }}
    group by expr_raw
),

-- the standard each assessed version sets for the concept, under this definition and for
-- a level or a change only
standards as (
    select
        crosswalk.concept_id,
        crosswalk.definition_id,
        coalesce(changes.is_change, false) as is_change,
        max(indicators.standard_raw) filter (where crosswalk.version_id = 'H17') as standard_national_trial,
        max(indicators.standard_raw) filter (where crosswalk.version_id = 'R21') as standard_national_revised,
        max(indicators.standard_raw) filter (where crosswalk.version_id = 'JX') as standard_jiangxi_provincial
    from crosswalk
    inner join framework_indicators as indicators
        on indicators.version_id = crosswalk.version_id and indicators.seq = crosswalk.seq
    left join changes on changes.expr_raw = indicators.standard_raw
    where not indicators.is_parent
    group by crosswalk.concept_id, crosswalk.definition_id, coalesce(changes.is_change, false)
),

statuses as (
    select
        district_id,
        concept_id,
        definition_id,
        value_is_change,
        arg_max(value_raw, [period_year, source_line]) as status_raw,
        arg_max(value_canonical, [period_year, source_line]) as status_value,
        max(period_year) as status_year,
        arg_max(source_file || ':' || source_line, [period_year, source_line]) as status_source
    from indicator_values
    where measure = 'status'
    group by district_id, concept_id, definition_id, value_is_change
),

targets as (
    select
        district_id,
        concept_id,
        definition_id,
        value_is_change,
        string_agg(distinct coalesce(cast(period_year as varchar), '?') || ': ' || value_raw, '; '
            order by coalesce(cast(period_year as varchar), '?') || ': ' || value_raw) as targets_by_year,
        arg_max(value_canonical, [period_year, source_line, value_canonical]) as latest_target_value,
        max(period_year) as latest_target_year
    from indicator_values
    where measure = 'target'
    group by district_id, concept_id, definition_id, value_is_change
),

verdicts as (
    select
        district_id,
        concept_id,
        max(rating) filter (where framework_id = 'national_trial') as rating_national_trial,
        max(rating) filter (where framework_id = 'national_revised') as rating_national_revised,
        max(rating) filter (where framework_id = 'jiangxi_provincial') as rating_jiangxi_provincial
    from scores
    group by district_id, concept_id
),

keys as (
    select distinct district_id, concept_id, definition_id, value_is_change from indicator_values
),

final as (
    select
        keys.concept_id,
        concepts.name_zh as concept_name_zh,
        concepts.name_en as concept_name_en,
        keys.definition_id,
        keys.value_is_change as is_change,
        keys.district_id,
        concepts.canonical_unit,
        concepts.direction,
        standards.standard_national_trial,
        standards.standard_national_revised,
        standards.standard_jiangxi_provincial,
        statuses.status_raw,
        statuses.status_value,
        statuses.status_year,
        statuses.status_source,
        targets.targets_by_year,
        targets.latest_target_value,
        targets.latest_target_year,
        -- a rating shows on the row whose standard it was given against
        case when standards.standard_national_trial is not null then verdicts.rating_national_trial end
            as rating_national_trial,
        -- a rating shows on the row whose standard it was given against
        case when standards.standard_national_revised is not null then verdicts.rating_national_revised end
            as rating_national_revised,
        -- a rating shows on the row whose standard it was given against
        case when standards.standard_jiangxi_provincial is not null then verdicts.rating_jiangxi_provincial end
            as rating_jiangxi_provincial
    from keys
    inner join concepts on concepts.concept_id = keys.concept_id
    left join standards
        on standards.concept_id = keys.concept_id
        and standards.definition_id = keys.definition_id
        and standards.is_change = keys.value_is_change
    left join statuses
        on statuses.district_id = keys.district_id
        and statuses.concept_id = keys.concept_id
        and statuses.definition_id = keys.definition_id
        and statuses.value_is_change = keys.value_is_change
    left join targets
        on targets.district_id = keys.district_id
        and targets.concept_id = keys.concept_id
        and targets.definition_id = keys.definition_id
        and targets.value_is_change = keys.value_is_change
    left join verdicts
        on verdicts.district_id = keys.district_id
        and verdicts.concept_id = keys.concept_id
        and statuses.status_raw is not null
)

select * from final

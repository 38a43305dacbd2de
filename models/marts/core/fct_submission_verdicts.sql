-- Each district's latest submitted status of each concept against the standard of every
-- assessed framework version that has an indicator of that concept and definition: met,
-- not met or not evaluable, with the comparison a score is computed from. The same reading
-- of a standard as the documents' comparisons (macros/comparisons.sql): the parts that
-- apply to the district's terrain and economic region must all hold. A qualitative
-- indicator is reported 达标 (met) or 未达标 (not met); a standard set by the upper level
-- cannot be evaluated. A submitted number is a level: against a change standard (ΔEQI≥-1)
-- it is judged by the change from the same district's current level of the year before
-- (both rows in the lineage: base_*), and is not evaluable where that level is missing; a
-- level is never judged against a change standard. Incremental by district (macros/districts.sql): a refresh recomputes
-- the districts whose documents or submissions changed.
{{
    config(
        materialized='incremental',
        unique_key='district_id',
        on_schema_change='fail',
        post_hook="{{ delete_stale_districts() }}"
    )
}}
with

-- each concept's latest current value, and the one of the year before it when both are
-- levels (the base of a change standard, ΔEQI≥-1), picked by ids only: a window carrying
-- every column of a province's values took most of this model (docs/performance.md). Read
-- from the mart that marks the current values, not recomputed from the submissions.
latest as (
    select
        submitted_value_id,
        lead(submitted_value_id) over by_year as base_value_id,
        lead(period_year) over by_year = period_year - 1 and not value_is_change as has_base
    from {{ ref('fct_submitted_values') }}
    where is_current and concept_id is not null
    {% if is_incremental() %}
        and district_id in ({{ districts_to_rebuild() }})
    {% endif %}
    window by_year as (
        partition by district_id, concept_id, definition_id, value_is_change
        order by period_year desc
    )
    qualify row_number() over by_year = 1
),

current_values as (
    select * from {{ ref('fct_submitted_values') }}
    where submitted_value_id in (select latest.submitted_value_id from latest)
),

base_levels as (
    select
        district_id,
        concept_id,
        definition_id,
        period_year,
        value_num,
        unit,
        source_file,
        sheet_name,
        source_line
    from {{ ref('fct_submitted_values') }}
    where submitted_value_id in (select latest.base_value_id from latest where latest.has_base)
),

districts as (
    select * from {{ ref('int_districts') }}
),

versions as (
    select * from {{ ref('stg_reference__assessed_versions') }}
),

crosswalk as (
    select * from {{ ref('crosswalk') }} where is_primary
),

framework_indicators as (
    select * from {{ ref('framework_indicators') }} where not is_parent
),

concepts as (
    select * from {{ ref('concepts') }}
),

units as (
    select * from {{ ref('units') }}
),

parts as (
    select * from {{ ref('int_expressions_parsed') }}
),

pairs as (
    select
        current_values.submitted_value_id,
        current_values.district_id,
        framework_indicators.framework_id,
        framework_indicators.version_id,
        framework_indicators.seq as framework_seq,
        current_values.concept_id,
        current_values.period_year,
        current_values.value_raw,
        current_values.value_num * coalesce(value_units.factor_to_canonical, 1) as value_scaled,
        current_values.value_is_change,
        coalesce(value_units.canonical_unit, concepts.canonical_unit) as level_unit,
        base_levels.period_year as base_period_year,
        base_levels.value_num * coalesce(base_units.factor_to_canonical, 1) as base_scaled,
        base_levels.source_file as base_source_file,
        base_levels.sheet_name as base_sheet_name,
        base_levels.source_line as base_source_line,
        framework_indicators.standard_raw,
        coalesce(framework_indicators.unit, current_values.unit) as standard_unit,
        concepts.direction,
        districts.terrain_key,
        districts.economic_region_key,
        districts.inputs_digest,
        current_values.source_file,
        current_values.sheet_name,
        current_values.source_line
    from current_values
    inner join crosswalk
        on crosswalk.concept_id = current_values.concept_id
        and crosswalk.definition_id = current_values.definition_id
    inner join versions on versions.version_id = crosswalk.version_id
    inner join framework_indicators
        on framework_indicators.version_id = crosswalk.version_id
        and framework_indicators.seq = crosswalk.seq
    left join concepts on concepts.concept_id = current_values.concept_id
    left join districts on districts.district_id = current_values.district_id
    left join units as value_units on value_units.unit = current_values.unit
    left join base_levels
        on base_levels.district_id = current_values.district_id
        and base_levels.concept_id = current_values.concept_id
        and base_levels.definition_id = current_values.definition_id
        and base_levels.period_year = current_values.period_year - 1
        and not current_values.value_is_change
    left join units as base_units on base_units.unit = base_levels.unit
    where {{ version_applies('versions', 'districts.province_code', 'districts.is_synthetic') }}
),

standard_parts as (
    select
        pairs.submitted_value_id,
        pairs.version_id,
        pairs.framework_seq,
        parts.part_no,
        parts.kind,
        parts.part_text,
        {{ effective_comparator('parts.comparator', 'parts.is_change', 'parts.change_direction',
            'pairs.direction') }} as comparator,
        parts.value_num * coalesce(standard_units.factor_to_canonical, 1) as threshold,
        parts.value_high * coalesce(standard_units.factor_to_canonical, 1) as threshold_high,
        parts.is_change as standard_is_change,
        coalesce(parts.region_key in ({{ terrain_keys() }}), false) and pairs.terrain_key is null
            as is_terrain_open,
        parts.region_label,
        -- the value in the standard's terms: a level, or the change of two levels (a
        -- decrease, relative where the standard is in %: macros/comparisons.sql)
        case
            when parts.is_change = pairs.value_is_change then pairs.value_scaled
            when parts.is_change then {{ change_of_levels('pairs.value_scaled',
                'pairs.base_scaled', 'parts.change_direction', 'standard_units.canonical_unit',
                'pairs.level_unit') }}
        end as value_scaled,
        parts.is_change and not pairs.value_is_change and pairs.base_scaled is not null
            as is_computed_change,
        -- a change in % of the base (a standard in %, the level not)
        {{ change_unit('standard_units.canonical_unit', 'pairs.level_unit') }} = '%'
            as is_relative,
        -- the change in other terms than value − base: a decrease, or relative
        parts.is_change and (parts.change_direction = 'decrease' or is_relative)
            as is_change_in_terms
    from pairs
    inner join parts on parts.expr_raw = pairs.standard_raw
    left join units as standard_units
        on standard_units.unit = coalesce(parts.unit_printed, pairs.standard_unit)
    where parts.kind in ('numeric', 'range', 'upper_level')
        and (parts.region_key is null
            or parts.region_key in (pairs.terrain_key, pairs.economic_region_key)
            or (parts.region_key in ({{ terrain_keys() }}) and pairs.terrain_key is null))
),

part_verdicts as (
    select
        *,
        {{ satisfies('value_scaled', 'comparator', 'threshold', 'threshold_high') }} as holds
    from standard_parts
),

aggregated as (
    select
        submitted_value_id,
        version_id,
        framework_seq,
        bool_or(kind = 'upper_level') as is_upper_level,
        bool_or(kind <> 'upper_level' and value_scaled is null) as has_kind_gap,
        bool_or(kind <> 'upper_level' and standard_is_change) as is_change_standard,
        bool_or(is_computed_change and value_scaled is null) as is_change_unknown,
        bool_or(is_change_in_terms) as is_change_in_terms,
        bool_or(is_relative and standard_is_change) as is_relative,
        arg_min(value_scaled, part_no) filter (where kind <> 'upper_level') as value_compared,
        bool_and(holds) filter (where kind <> 'upper_level' and not is_terrain_open) as fixed_hold,
        bool_and(holds) filter (where is_terrain_open) as every_terrain_holds,
        bool_or(holds) filter (where is_terrain_open) as some_terrain_holds,
        string_agg(region_label, '、' order by part_no) filter (where is_terrain_open and holds)
            as terrains_met,
        string_agg(region_label, '、' order by part_no) filter (where is_terrain_open and not holds)
            as terrains_not_met,
        bool_and(holds) filter (where kind <> 'upper_level') as all_hold,
        count(*) filter (where kind <> 'upper_level') as n_numeric,
        arg_min(threshold, part_no) filter (where kind <> 'upper_level') as threshold,
        arg_min(comparator, part_no) filter (where kind <> 'upper_level') as comparator,
        string_agg(part_text, '; ' order by part_no) filter (where kind <> 'upper_level' and not holds)
            as failed_parts
    from part_verdicts
    group by submitted_value_id, version_id, framework_seq
),

verdicts as (
    select
        pairs.district_id,
        pairs.framework_id,
        pairs.version_id,
        pairs.framework_seq,
        pairs.concept_id,
        pairs.period_year,
        pairs.value_raw,
        pairs.standard_raw,
        case
            when aggregated.is_upper_level then 'not_evaluable'
            when coalesce(aggregated.n_numeric, 0) = 0 and pairs.value_raw = '达标' then 'met'
            when coalesce(aggregated.n_numeric, 0) = 0 and pairs.value_raw = '未达标' then 'not_met'
            when coalesce(aggregated.n_numeric, 0) = 0 or pairs.value_scaled is null then 'not_evaluable'
            when aggregated.has_kind_gap then 'not_evaluable'
            when aggregated.all_hold then 'met'
            when not coalesce(aggregated.fixed_hold, true) then 'not_met'
            when not aggregated.some_terrain_holds then 'not_met'
            when aggregated.some_terrain_holds then 'depends_on_terrain'
            else 'not_met'
        end as verdict,
        case
            when aggregated.is_upper_level then 'standard_upper_level'
            when coalesce(aggregated.n_numeric, 0) = 0 and pairs.value_raw in ('达标', '未达标')
                then 'district_reports'
            when coalesce(aggregated.n_numeric, 0) = 0 then 'no_part_applies'
            when pairs.value_scaled is null then 'submitted_not_a_number'
            when aggregated.is_change_unknown then 'change_not_computable'
            when aggregated.has_kind_gap and pairs.value_is_change then 'standard_level_value_change'
            when aggregated.has_kind_gap then 'change_needs_base'
            when aggregated.is_change_standard and pairs.base_scaled is not null
                and aggregated.is_change_in_terms
                then case when aggregated.all_hold then 'change_in_terms_satisfies'
                    else 'change_in_terms_does_not_satisfy' end
            when aggregated.is_change_standard and pairs.base_scaled is not null
                then case when aggregated.all_hold then 'change_computed_satisfies'
                    else 'change_computed_does_not_satisfy' end
            when not aggregated.all_hold and coalesce(aggregated.fixed_hold, true)
                and aggregated.some_terrain_holds
                then 'terrain_meets_some'
            when aggregated.all_hold then 'value_satisfies'
            else 'value_does_not_satisfy'
        end as reason_code,
        case
            when aggregated.is_upper_level then [pairs.standard_raw]
            when coalesce(aggregated.n_numeric, 0) = 0 and pairs.value_raw in ('达标', '未达标')
                then [pairs.value_raw, pairs.standard_raw]
            when coalesce(aggregated.n_numeric, 0) = 0 then [pairs.standard_raw]
            when pairs.value_scaled is null then cast([] as varchar [])
            when aggregated.is_change_unknown then [pairs.standard_raw]
            when aggregated.has_kind_gap and pairs.value_is_change then [pairs.standard_raw]
            when aggregated.has_kind_gap
                then [
                    pairs.standard_raw,
                    cast(pairs.value_scaled as varchar),
                    cast(pairs.period_year as varchar),
                    cast(pairs.period_year - 1 as varchar)
                ]
            when aggregated.is_change_standard and pairs.base_scaled is not null
                then [
                    cast(pairs.value_scaled as varchar),
                    cast(pairs.period_year as varchar),
                    cast(pairs.base_scaled as varchar),
                    cast(pairs.base_period_year as varchar),
                    cast(round(aggregated.value_compared, 6) as varchar)
                    || case when aggregated.is_relative then '%' else '' end,
                    coalesce(aggregated.failed_parts, pairs.standard_raw)
                ]
            when not aggregated.all_hold and coalesce(aggregated.fixed_hold, true)
                and aggregated.some_terrain_holds
                then [
                    cast(pairs.value_scaled as varchar),
                    aggregated.terrains_met,
                    aggregated.terrains_not_met
                ]
            when aggregated.all_hold then [cast(pairs.value_scaled as varchar), pairs.standard_raw]
            else [cast(pairs.value_scaled as varchar), aggregated.failed_parts]
        end as reason_args,
        coalesce(aggregated.value_compared, pairs.value_scaled) as value_scaled,
        case when aggregated.is_change_standard then 'change' else 'level' end as standard_kind,
        pairs.base_period_year,
        pairs.base_source_file,
        pairs.base_sheet_name,
        pairs.base_source_line,
        aggregated.threshold,
        aggregated.comparator,
        pairs.source_file,
        pairs.sheet_name,
        pairs.source_line,
        pairs.inputs_digest
    from pairs
    left join aggregated
        on aggregated.submitted_value_id = pairs.submitted_value_id
        and aggregated.version_id = pairs.version_id
        and aggregated.framework_seq = pairs.framework_seq
),

final as (
    select
        * exclude (reason_code, reason_args),
        {{ text_of('verdict', 'verdict') }} as verdict_zh,
        {{ reason_columns('reason', 'reason_code', 'reason_args') }},
        -- the build that wrote the row: its tests check these (macros/checks.sql)
        '{{ invocation_id }}' as dbt_invocation_id
    from verdicts
)

select * from final

-- Are districts on track? One row per district × concept × definition × level-or-change ×
-- target: the district's own targets (each year its plans print), and the standard of
-- each assessed framework version for the same definition (to be reached by the year of
-- seeds/ranking_settings.csv standard_target_year). From the district's trajectory
-- (fct_status_trajectory): the latest status and the one before, the observed annual
-- change (the latest two points; a least-squares slope over the last points where there
-- are at least progress_slope_min_points), the annual change required from the latest
-- status to the target, the years to the target at the observed rate, and a class after
-- the SDG Index trend method (docs/methodology.md §11): on_track (observed ≥ required, or
-- at the target and not falling), moderately_improving (≥ progress_moderate_ratio of the
-- required), stagnating (between 0 and that), decreasing (falling), off_track_now (a
-- binding standard not met in the latest year, with no trend to judge yet: a failure known
-- today is never filed under insufficient data), insufficient_data (with the reason).
-- Direction comes from the concept (lower is better: the changes are mirrored). A
-- qualitative indicator is on track when met and staying met. A series of
-- changes (ΔEQI, 较2020年降低12.5%) is compared with a change-based standard as changes.
-- Incremental by district (macros/districts.sql), as its trajectory is.
{{
    config(
        materialized='incremental',
        unique_key='district_id',
        on_schema_change='fail',
        post_hook="{{ delete_stale_districts() }}"
    )
}}
with

districts as (
    {{ districts_in_build(['terrain_key', 'economic_region_key', 'province_code',
        'is_synthetic']) }}
),

trajectory as (
    select * from {{ ref('fct_status_trajectory') }}
    where district_id in (select district_id from districts)
),

settings as (
    select
        max(value) filter (where setting = 'progress_on_track_ratio') as on_track_ratio,
        max(value) filter (where setting = 'progress_moderate_ratio') as moderate_ratio,
        max(value) filter (where setting = 'progress_slope_min_points') as slope_min_points,
        max(value) filter (where setting = 'standard_target_year') as standard_target_year
    from {{ ref('ranking_settings') }}
),

numbered as (
    select
        trajectory.*,
        row_number() over (
            partition by district_id, concept_id, definition_id, value_is_change
            order by period_year desc
        ) as recency
    from trajectory
    where period_year is not null and (value_canonical is not null or is_met is not null)
),

-- a series: its latest point, the one before, the slope over its recent points
series as (
    select
        numbered.district_id,
        numbered.concept_id,
        numbered.definition_id,
        numbered.value_is_change,
        any_value(numbered.direction) as direction,
        any_value(numbered.canonical_unit) as canonical_unit,
        count(*) as n_points,
        min(numbered.period_year) as first_year,
        max(numbered.period_year) filter (where numbered.recency = 1) as latest_year,
        max(numbered.value_raw) filter (where numbered.recency = 1) as latest_raw,
        max(numbered.value_canonical) filter (where numbered.recency = 1) as latest_value,
        bool_or(numbered.is_met) filter (where numbered.recency = 1) as latest_met,
        max(numbered.source) filter (where numbered.recency = 1) as latest_source,
        max(numbered.period_year) filter (where numbered.recency = 2) as previous_year,
        max(numbered.value_canonical) filter (where numbered.recency = 2) as previous_value,
        bool_or(numbered.is_met) filter (where numbered.recency = 2) as previous_met,
        max(numbered.source) filter (where numbered.recency = 2) as previous_source,
        count(numbered.value_canonical) filter (
            where numbered.recency <= settings.slope_min_points
        ) as n_slope_points,
        regr_slope(numbered.value_canonical, numbered.period_year) filter (
            where numbered.recency <= settings.slope_min_points
        ) as slope
    from numbered
    cross join settings
    group by all
),

own_targets as (
    select
        district_id,
        concept_id,
        definition_id,
        value_is_change,
        'own_target' as target_kind,
        arg_max(framework_id, source_line) as framework_id,
        cast(null as varchar) as version_id,
        cast(null as varchar) as binding,
        period_year as target_year,
        arg_max(value_raw, source_line) as target_raw,
        arg_max(value_shown, source_line) as target_shown,
        arg_max(value_canonical, source_line) as target_value,
        arg_max(
            source_file || coalesce(', ' || source_location, ':' || source_line), source_line
        ) as target_source
    from {{ ref('fct_indicator_values') }}
    where
        measure = 'target' and concept_id is not null and period_year is not null
        and value_canonical is not null
        and district_id in (select district_id from districts)
    group by district_id, concept_id, definition_id, value_is_change, period_year
),

-- each assessed version's standard for the definition: its number (the part that applies
-- to the district's region) in the canonical unit, or a qualitative standard
standard_parts as (
    select
        districts.district_id,
        crosswalk.concept_id,
        crosswalk.definition_id,
        coalesce(parts.is_change, false) as value_is_change,
        versions.framework_id,
        versions.version_id,
        indicators.binding,
        indicators.standard_raw,
        parts.kind,
        parts.part_no,
        parts.value_num * coalesce(units.factor_to_canonical, 1) as threshold,
        indicators.framework_id || ' ' || indicators.seq as seq_label
    from {{ ref('crosswalk') }} as crosswalk
    inner join {{ ref('stg_reference__assessed_versions') }} as versions
        on crosswalk.version_id = versions.version_id
    inner join {{ ref('framework_indicators') }} as indicators
        on crosswalk.version_id = indicators.version_id and crosswalk.seq = indicators.seq
    inner join {{ ref('int_expressions_parsed') }} as parts
        on indicators.standard_raw = parts.expr_raw
    cross join districts
    left join {{ ref('units') }} as units on indicators.unit = units.unit
    where
        not indicators.is_parent
        and {{ version_applies('versions', 'districts.province_code', 'districts.is_synthetic') }}
        and parts.kind in ('numeric', 'range', 'qualitative')
        and (
            parts.region_key is null
            or parts.region_key in (districts.terrain_key, districts.economic_region_key)
        )
),

standards as (
    select
        standard_parts.district_id,
        standard_parts.concept_id,
        standard_parts.definition_id,
        standard_parts.value_is_change,
        'framework_standard' as target_kind,
        standard_parts.framework_id,
        standard_parts.version_id,
        any_value(standard_parts.binding) as binding,
        cast(any_value(settings.standard_target_year) as integer) as target_year,
        any_value(standard_parts.standard_raw) as target_raw,
        any_value(standard_parts.standard_raw) as target_shown,
        arg_min(standard_parts.threshold, standard_parts.part_no) filter (
            where standard_parts.kind <> 'qualitative'
        ) as target_value,
        'seeds/framework_indicators.csv: ' || any_value(standard_parts.seq_label)
            as target_source
    from standard_parts
    cross join settings
    group by all
),

targets as (
    select * from own_targets
    union all by name
    select * from standards
),

measured as (
    select
        series.*,
        targets.target_kind,
        targets.framework_id,
        targets.version_id,
        targets.binding,
        targets.target_year,
        targets.target_raw,
        targets.target_shown,
        targets.target_value,
        targets.target_source,
        case when series.direction = 'lower' then -1 else 1 end as sign,
        series.direction = 'qualitative' or targets.target_value is null as is_qualitative,
        -- improvement a year, in the direction of better
        case when series.direction = 'lower' then -1 else 1 end
        * (series.latest_value - series.previous_value)
        / nullif(series.latest_year - series.previous_year, 0) as observed_latest,
        case when series.direction = 'lower' then -1 else 1 end
        * case when series.n_slope_points >= settings.slope_min_points then series.slope end
            as observed_slope,
        case when series.direction = 'lower' then -1 else 1 end
        * (targets.target_value - series.latest_value) as gap,
        targets.target_year - series.latest_year as years_left,
        settings.on_track_ratio,
        settings.moderate_ratio
    from series
    inner join targets
        on
            series.district_id = targets.district_id
            and series.concept_id = targets.concept_id
            and series.definition_id = targets.definition_id
            and series.value_is_change = targets.value_is_change
    cross join settings
),

rated as (
    select
        *,
        coalesce(observed_slope, observed_latest) as observed_rate,
        case
            when gap <= 0 then 0.0
            when years_left > 0 then gap / years_left
        end as required_rate
    from measured
),

classified as (
    select
        *,
        case
            when is_qualitative and latest_met is null
                then 'insufficient_data'
            when is_qualitative and latest_met then 'on_track'
            when is_qualitative and previous_met then 'decreasing'
            when is_qualitative then 'stagnating'
            when latest_value is null then 'insufficient_data'
            when observed_rate is null and gap <= 0 then 'on_track'
            when observed_rate is null and binding = 'binding' then 'off_track_now'
            when observed_rate is null then 'insufficient_data'
            when gap <= 0 and observed_rate >= 0 then 'on_track'
            when observed_rate < 0 then 'decreasing'
            when required_rate is null then 'stagnating'
            when observed_rate >= on_track_ratio * required_rate then 'on_track'
            when observed_rate >= moderate_ratio * required_rate then 'moderately_improving'
            else 'stagnating'
        end as progress_class,
        case
            when is_qualitative and latest_met is null
                then 'latest_not_stated'
            when is_qualitative and latest_met then 'met_latest'
            when is_qualitative and previous_met then 'met_before_not_latest'
            when is_qualitative then 'qualitative_not_met'
            when latest_value is null then 'latest_not_number'
            when observed_rate is null and gap <= 0
                then 'at_target_one_status'
            when observed_rate is null and binding = 'binding'
                then 'binding_not_met_one_status'
            when observed_rate is null then 'one_status'
            when gap <= 0 and observed_rate >= 0 then 'at_target_not_falling'
            when gap <= 0 then 'at_target_falling'
            when observed_rate < 0 and years_left <= 0
                then 'falling_past_target_year'
            when observed_rate < 0 then 'moving_away'
            when required_rate is null then 'target_year_passed'
            when observed_rate >= on_track_ratio * required_rate
                then 'reaches_in_time'
            when observed_rate >= moderate_ratio * required_rate
                then 'improving_half_or_more'
            else 'improving_less_than_half'
        end as reason_code
    from rated
),

concepts as (
    select * from {{ ref('concepts') }}
),

final as (
    select
        md5(concat_ws(
            '|', classified.district_id, classified.concept_id, classified.definition_id,
            classified.value_is_change, classified.target_kind,
            coalesce(classified.version_id, '-'), classified.target_year
        )) as progress_id,
        classified.district_id,
        classified.concept_id,
        concepts.name_zh as concept_name_zh,
        classified.definition_id,
        classified.value_is_change as is_change,
        classified.direction,
        classified.canonical_unit,
        classified.target_kind,
        classified.framework_id,
        classified.version_id,
        coalesce(classified.binding = 'binding', false) as is_binding,
        classified.target_raw,
        classified.target_shown,
        classified.target_value,
        classified.target_year,
        classified.target_source,
        classified.n_points,
        classified.first_year,
        classified.latest_raw,
        classified.latest_value,
        classified.latest_year,
        classified.latest_source,
        classified.previous_value,
        classified.previous_year,
        classified.previous_source,
        round(classified.observed_latest, 4) as observed_rate_latest,
        round(classified.observed_slope, 4) as observed_rate_slope,
        round(classified.observed_rate, 4) as observed_rate,
        round(classified.required_rate, 4) as required_rate,
        case
            when classified.gap <= 0 then 0.0
            when classified.observed_rate > 0
                then round(classified.gap / classified.observed_rate, 1)
        end as years_to_target,
        classified.progress_class,
        {{ text_of('progress_class', 'classified.progress_class') }} as progress_class_zh,
        {{ reason_columns('reason', 'classified.reason_code', 'cast([] as varchar [])') }},
        districts.inputs_digest,
        -- the build that wrote the row: its tests check these (macros/checks.sql)
        '{{ invocation_id }}' as dbt_invocation_id
    from classified
    inner join concepts on classified.concept_id = concepts.concept_id
    inner join districts on classified.district_id = districts.district_id
)

select * from final

-- Districts side by side per concept: the standard of each assessed framework version, the
-- district's latest status and its targets, in the concept's canonical unit, with the
-- rating. One row per concept × definition × level-or-change × district × assessed version
-- that sets a standard for it (one row with no version when none does): values of
-- non-comparable definitions of one lineage (EI and EQI; 森林 and 林草覆盖率), or a level and
-- a change (EQI 46.48 and ΔEQI 0.1), never share a row. The assessed versions are those of
-- seeds/framework_versions.csv (is_assessed): a new list adds rows, not columns.
-- Incremental by district (macros/districts.sql): every row is one district's.
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
    {{ districts_in_build(['province_code', 'is_synthetic']) }}
),

indicator_values as (
    select * from {{ ref('fct_indicator_values') }}
    where
        concept_id is not null and measure in ('status', 'target')
        and district_id in (select district_id from districts)
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

versions as (
    select * from {{ ref('stg_reference__assessed_versions') }}
),

scores as (
    select * from {{ ref('fct_indicator_scores') }}
    where basis = 'status' and district_id in (select district_id from districts)
),

changes as (
    select * from {{ ref('int_expressions_read') }}
),

-- the standard each assessed version sets for the concept, under this definition and for
-- a level or a change only
standards as (
    select
        crosswalk.concept_id,
        crosswalk.definition_id,
        coalesce(changes.is_change, false) as is_change,
        versions.framework_id,
        versions.version_id,
        versions.framework_kind,
        versions.version_year,
        versions.applies_in_province,
        max(indicators.standard_raw) as standard_raw
    from crosswalk
    inner join versions on crosswalk.version_id = versions.version_id
    inner join framework_indicators as indicators
        on crosswalk.version_id = indicators.version_id and crosswalk.seq = indicators.seq
    left join changes on indicators.standard_raw = changes.expr_raw
    where not indicators.is_parent
    group by all
),

trajectory as (
    select * from {{ ref('fct_status_trajectory') }}
    where district_id in (select district_id from districts)
),

-- the latest status of each series: the later year (fct_status_trajectory holds one a
-- year, a district's submission before a document's), the status the scores take
statuses as (
    select
        district_id,
        concept_id,
        definition_id,
        value_is_change,
        arg_max(value_raw, coalesce(period_year, 0)) as status_raw,
        arg_max(value_canonical, coalesce(period_year, 0)) as status_value,
        max(period_year) as status_year,
        arg_max(source, coalesce(period_year, 0)) as status_source
    from trajectory
    group by district_id, concept_id, definition_id, value_is_change
),

targets as (
    select
        district_id,
        concept_id,
        definition_id,
        value_is_change,
        string_agg(
            distinct coalesce(cast(period_year as varchar), '?') || ': ' || value_raw, '; '
            order by coalesce(cast(period_year as varchar), '?') || ': ' || value_raw
        ) as targets_by_year,
        arg_max(value_canonical, [period_year, source_line, value_canonical])
            as latest_target_value,
        max(period_year) as latest_target_year
    from indicator_values
    where measure = 'target'
    group by district_id, concept_id, definition_id, value_is_change
),

verdicts as (
    select
        district_id,
        concept_id,
        version_id,
        max(rating) as rating
    from scores
    group by district_id, concept_id, version_id
),

keys as (
    select distinct
        district_id,
        concept_id,
        definition_id,
        value_is_change
    from indicator_values
    union
    select
        district_id,
        concept_id,
        definition_id,
        value_is_change
    from trajectory
),

joined as (
    select
        keys.concept_id,
        concepts.name_zh as concept_name_zh,
        concepts.name_en as concept_name_en,
        keys.definition_id,
        keys.value_is_change as is_change,
        keys.district_id,
        concepts.canonical_unit,
        concepts.direction,
        standards.framework_id,
        standards.version_id,
        standards.framework_kind,
        standards.version_year,
        standards.standard_raw,
        statuses.status_raw,
        statuses.status_value,
        statuses.status_year,
        statuses.status_source,
        targets.targets_by_year,
        targets.latest_target_value,
        targets.latest_target_year,
        -- a rating shows on the row whose standard it was given against, for a status
        case when statuses.status_raw is not null then verdicts.rating end as rating,
        districts.inputs_digest
    from keys
    inner join districts on keys.district_id = districts.district_id
    inner join concepts on keys.concept_id = concepts.concept_id
    left join standards
        on
            keys.concept_id = standards.concept_id
            and keys.definition_id = standards.definition_id
            and keys.value_is_change = standards.is_change
            and {{ version_applies(
                'standards', 'districts.province_code', 'districts.is_synthetic'
            ) }}
    left join statuses
        on
            keys.district_id = statuses.district_id
            and keys.concept_id = statuses.concept_id
            and keys.definition_id = statuses.definition_id
            and keys.value_is_change = statuses.value_is_change
    left join targets
        on
            keys.district_id = targets.district_id
            and keys.concept_id = targets.concept_id
            and keys.definition_id = targets.definition_id
            and keys.value_is_change = targets.value_is_change
    left join verdicts
        on
            keys.district_id = verdicts.district_id
            and keys.concept_id = verdicts.concept_id
            and standards.version_id = verdicts.version_id
),

final as (
    select
        md5(concat_ws(
            '|', concept_id, definition_id, is_change, district_id,
            coalesce(version_id, '-')
        )) as benchmark_id,
        * exclude (framework_kind, version_year),
        {{ text_of('rating', 'rating') }} as rating_zh,
        -- the rating a one-colour-per-cell view shows: a provincial list before a national
        -- one, then the newest version
        rating is not null and row_number() over (
            partition by concept_id, district_id, rating is not null
            order by
                framework_kind = 'provincial' desc, version_year desc nulls first,
                definition_id asc
        ) = 1 as is_headline,
        -- the build that wrote the row: its tests check these (macros/checks.sql)
        '{{ invocation_id }}' as dbt_invocation_id
    from joined
)

select * from final

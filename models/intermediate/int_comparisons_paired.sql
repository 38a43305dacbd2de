-- What to compare with what. Two kinds, one row each:
--   own_table        a status row of a document's table against the standard printed in
--                    the same table row (the document's own verdict can be checked);
--   cross_framework  any status or target of a district against the standard of every
--                    assessed framework version that has an indicator of the same concept.
-- A table, not a view: four models and four data tests read it (docs/performance.md).
{{ config(materialized='table') }}

with

indicator_values as (
    select * from {{ ref('stg_landing__indicator_values') }}
),

mapped as (
    select * from {{ ref('int_indicator_values_mapped') }}
),

districts as (
    select * from {{ ref('int_district_regions') }}
),

versions as (
    select * from {{ ref('stg_reference__assessed_versions') }}
),

crosswalk as (
    select * from {{ ref('crosswalk') }}
),

framework_indicators as (
    select * from {{ ref('framework_indicators') }}
),

-- a district's printed level of each concept and year: the base a change is computed from
-- where a level meets a change standard (ΔEQI≥-1) and the year before is printed too
base_levels as (
    select
        indicator_values.district_id,
        mapped.concept_id,
        mapped.definition_id,
        indicator_values.period_year,
        indicator_values.value_num,
        mapped.unit_read,
        indicator_values.source_file || ':' || indicator_values.source_line as base_source
    from indicator_values
    inner join mapped on indicator_values.value_id = mapped.value_id
    where
        indicator_values.measure = 'status'
        and not mapped.value_is_change
        and indicator_values.value_num is not null
        and mapped.concept_id is not null
    qualify row_number() over (
        partition by
            indicator_values.district_id,
            mapped.concept_id,
            mapped.definition_id,
            indicator_values.period_year
        order by indicator_values.source_file, indicator_values.source_line
    ) = 1
),

-- the value side of every comparison: what was printed, how to read it, where it is
value_sides as (
    select
        indicator_values.value_id,
        indicator_values.district_id,
        indicator_values.framework_id,
        indicator_values.measure,
        indicator_values.table_label,
        indicator_values.unit,
        indicator_values.source_file,
        mapped.version_id,
        mapped.framework_seq,
        mapped.concept_id,
        mapped.definition_id,
        mapped.table_standard_raw,
        mapped.table_standard_line,
        mapped.table_standard_is_change,
        indicator_values.value_raw,
        mapped.unit_read as value_unit,
        mapped.definition_id as value_definition_id,
        mapped.value_is_change,
        mapped.direction,
        districts.terrain_key,
        districts.economic_region_key,
        districts.province_code,
        base_levels.value_num as base_value_num,
        base_levels.period_year as base_period_year,
        base_levels.base_source
    from indicator_values
    inner join mapped on indicator_values.value_id = mapped.value_id
    left join districts on indicator_values.district_id = districts.district_id
    left join base_levels
        on
            indicator_values.district_id = base_levels.district_id
            and mapped.concept_id = base_levels.concept_id
            and mapped.definition_id = base_levels.definition_id
            and indicator_values.period_year - 1 = base_levels.period_year
            and indicator_values.measure = 'status'
            and not mapped.value_is_change
            and coalesce(mapped.unit_read, '') = coalesce(base_levels.unit_read, '')
),

own_table as (
    select
        md5('own_table|' || value_id) as comparison_id,
        'own_table' as comparison_kind,
        value_id,
        district_id,
        version_id,
        framework_id,
        framework_seq,
        concept_id,
        table_standard_raw as standard_raw,
        unit as standard_unit,
        definition_id as standard_definition_id,
        source_file || ':' || table_standard_line as standard_source,
        -- a row that names the change of its concept (能耗下降率) prints its standard so too
        table_standard_is_change as standard_is_change,
        value_raw,
        value_unit,
        value_definition_id,
        value_is_change,
        direction,
        terrain_key,
        economic_region_key,
        base_value_num,
        base_period_year,
        base_source
    from value_sides
    where measure = 'status' and table_label is not null and table_standard_raw is not null
),

cross_framework as (
    select
        md5(
            'cross_framework|' || value_sides.value_id || '|' || framework_indicators.version_id
            || '|' || framework_indicators.seq
        ) as comparison_id,
        'cross_framework' as comparison_kind,
        value_sides.value_id,
        value_sides.district_id,
        framework_indicators.version_id,
        framework_indicators.framework_id,
        framework_indicators.seq as framework_seq,
        crosswalk.concept_id,
        framework_indicators.standard_raw,
        framework_indicators.unit as standard_unit,
        crosswalk.definition_id as standard_definition_id,
        'seeds/framework_indicators.csv:'
        || framework_indicators.version_id
        || ' '
        || framework_indicators.seq
            as standard_source,
        false as standard_is_change,
        value_sides.value_raw,
        value_sides.value_unit,
        value_sides.value_definition_id,
        value_sides.value_is_change,
        value_sides.direction,
        value_sides.terrain_key,
        value_sides.economic_region_key,
        value_sides.base_value_num,
        value_sides.base_period_year,
        value_sides.base_source
    from value_sides
    inner join crosswalk on value_sides.concept_id = crosswalk.concept_id
    inner join versions
        on
            crosswalk.version_id = versions.version_id
            and {{ version_applies('versions', 'value_sides.province_code') }}
    inner join framework_indicators
        on
            crosswalk.version_id = framework_indicators.version_id
            and crosswalk.seq = framework_indicators.seq
    where
        value_sides.measure in ('status', 'target')
        and not framework_indicators.is_parent
        and coalesce(framework_indicators.standard_raw, '') <> ''
),

final as (
    select * from own_table
    union all
    select * from cross_framework
)

select * from final

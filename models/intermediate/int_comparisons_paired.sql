-- What to compare with what. Two kinds, one row each:
--   own_table        a status row of a document's table against the standard printed in
--                    the same table row (the document's own verdict can be checked);
--   cross_framework  any status or target of a district against the standard of every
--                    assessed framework version that has an indicator of the same concept.
with

indicator_values as (
    select * from {{ ref('stg_landing__indicator_values') }}
),

mapped as (
    select * from {{ ref('int_indicator_values_mapped') }}
),

districts as (
    select * from {{ ref('districts') }}
),

versions as (
    select * from {{ ref('framework_versions') }} where is_assessed
),

crosswalk as (
    select * from {{ ref('crosswalk') }}
),

framework_indicators as (
    select * from {{ ref('framework_indicators') }}
),

own_table as (
    select
        md5('own_table|' || indicator_values.value_id) as comparison_id,
        'own_table' as comparison_kind,
        indicator_values.value_id,
        indicator_values.district_id,
        mapped.version_id,
        indicator_values.framework_id,
        mapped.framework_seq,
        mapped.concept_id,
        mapped.table_standard_raw as standard_raw,
        indicator_values.unit as standard_unit,
        mapped.definition_id as standard_definition_id,
        indicator_values.source_file || ':' || mapped.table_standard_line as standard_source,
        indicator_values.value_raw,
        mapped.unit_read as value_unit,
        mapped.definition_id as value_definition_id,
        mapped.value_is_change,
        mapped.direction,
        districts.terrain_key,
        districts.economic_region_key
    from indicator_values
    inner join mapped on mapped.value_id = indicator_values.value_id
    left join districts on districts.district_id = indicator_values.district_id
    where indicator_values.measure = 'status'
        and indicator_values.table_label is not null
        and mapped.table_standard_raw is not null
),

cross_framework as (
    select
        md5('cross_framework|' || indicator_values.value_id || '|' || framework_indicators.version_id
            || '|' || framework_indicators.seq) as comparison_id,
        'cross_framework' as comparison_kind,
        indicator_values.value_id,
        indicator_values.district_id,
        framework_indicators.version_id,
        framework_indicators.framework_id,
        framework_indicators.seq as framework_seq,
        crosswalk.concept_id,
        framework_indicators.standard_raw,
        framework_indicators.unit as standard_unit,
        crosswalk.definition_id as standard_definition_id,
        'seeds/framework_indicators.csv:' || framework_indicators.version_id || ' ' || framework_indicators.seq
            as standard_source,
        indicator_values.value_raw,
        mapped.unit_read as value_unit,
        mapped.definition_id as value_definition_id,
        mapped.value_is_change,
        mapped.direction,
        districts.terrain_key,
        districts.economic_region_key
    from indicator_values
    inner join mapped on mapped.value_id = indicator_values.value_id
    inner join crosswalk on crosswalk.concept_id = mapped.concept_id
    inner join versions on versions.version_id = crosswalk.version_id
    inner join framework_indicators
        on framework_indicators.version_id = crosswalk.version_id
        and framework_indicators.seq = crosswalk.seq
    left join districts on districts.district_id = indicator_values.district_id
    where indicator_values.measure in ('status', 'target')
        and not framework_indicators.is_parent
        and coalesce(framework_indicators.standard_raw, '') <> ''
),

final as (
    select * from own_table
    union all
    select * from cross_framework
)

select * from final

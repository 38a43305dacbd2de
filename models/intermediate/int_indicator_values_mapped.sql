-- Each printed value with the concept it measures and how to read it. The concept is the
-- one its words name, read at landing (ingest/concepts.py: the concept dictionary, a table
-- row by its name, a running-text target by its keywords), never its row number alone; a
-- row that names none stays unmapped (mapped_by 'none', listed in rpt_unmapped_rows). The
-- version is the assessed version of the framework the table prints, and the row's place
-- in it the crosswalk's seq of the same concept and definition (its printed seq first).
-- One row per value.
with

indicator_values as (
    select * from {{ ref('stg_landing__indicator_values') }}
),

versions as (
    select * from {{ ref('stg_reference__assessed_versions') }}
),

crosswalk as (
    select * from {{ ref('crosswalk') }}
    where is_primary
),

concepts as (
    select * from {{ ref('concepts') }}
),

units as (
    select * from {{ ref('units') }}
),

expressions as (
    select * from {{ ref('int_expressions_read') }}
),

mapping as (
    select
        indicator_values.value_id,
        versions.version_id,
        crosswalk.seq as framework_seq,
        indicator_values.concept_id,
        indicator_values.definition_id,
        indicator_values.reads_unit_as,
        indicator_values.mapped_by
    from indicator_values
    left join versions on indicator_values.framework_id = versions.framework_id
    left join crosswalk
        on
            versions.version_id = crosswalk.version_id
            and indicator_values.concept_id = crosswalk.concept_id
            and indicator_values.definition_id = crosswalk.definition_id
    qualify row_number() over (
        partition by indicator_values.value_id
        order by
            crosswalk.seq = case
                when indicator_values.sub_index > 0
                    then indicator_values.indicator_seq || '.' || indicator_values.sub_index
                else indicator_values.indicator_seq
            end desc nulls last,
            crosswalk.seq
    ) = 1
),

table_standards as (
    select
        document_id,
        table_label,
        indicator_seq,
        sub_index,
        region_variant,
        value_raw as standard_raw,
        is_change as standard_is_change,
        source_line as standard_line
    from indicator_values
    where measure = 'standard' and table_label is not null
),

-- the standard printed in each value's row: its region variant's where it has one, else
-- the row's first (a row of 山区/丘陵区/平原区 variants has one standard each)
value_standards as (
    select
        indicator_values.value_id,
        table_standards.standard_raw,
        table_standards.standard_is_change,
        table_standards.standard_line
    from indicator_values
    inner join table_standards
        on
            indicator_values.document_id = table_standards.document_id
            and indicator_values.table_label = table_standards.table_label
            and indicator_values.indicator_seq = table_standards.indicator_seq
            and indicator_values.sub_index = table_standards.sub_index
            and (
                indicator_values.region_variant is null
                or indicator_values.region_variant = table_standards.region_variant
            )
    qualify row_number() over (
        partition by indicator_values.value_id
        order by
            table_standards.region_variant is not distinct from indicator_values.region_variant
            desc,
            table_standards.standard_line
    ) = 1
),

final as (
    select
        indicator_values.value_id,
        mapping.version_id,
        mapping.framework_seq,
        mapping.concept_id,
        mapping.definition_id,
        mapping.mapped_by,
        concepts.direction,
        coalesce(mapping.reads_unit_as, indicator_values.unit) as unit_read,
        concepts.canonical_unit,
        case
            when coalesce(units.canonical_unit, '') = coalesce(concepts.canonical_unit, '')
                then indicator_values.value_num * coalesce(units.factor_to_canonical, 1)
        end as value_canonical,
        table_standards.standard_raw as table_standard_raw,
        table_standards.standard_line as table_standard_line,
        coalesce(table_standards.standard_is_change, false) as table_standard_is_change,
        -- printed as a change (the sentence's 较2020年降低 is read at landing, the cell's Δ here);
        -- a table prints a status in its standard's terms: a bare number under ΔEQI≥-1 is a
        -- change (001's 0.1), unless it is more than ten times the standard's own number, the
        -- size of a level (80.3 under ΔEQI≥-1 is the index itself)
        coalesce(indicator_values.is_change, false)
        or coalesce(value_expr.is_change, false)
        or (
            indicator_values.measure <> 'standard'
            and coalesce(standard_expr.is_change, false)
            and coalesce(value_expr.has_number, false)
            and coalesce(
                abs(indicator_values.value_num)
                <= 10 * greatest(standard_expr.first_number, 1),
                true
            )
        ) as value_is_change
    from indicator_values
    left join mapping on indicator_values.value_id = mapping.value_id
    left join concepts on mapping.concept_id = concepts.concept_id
    left join units on units.unit = coalesce(mapping.reads_unit_as, indicator_values.unit)
    left join value_standards as table_standards
        on indicator_values.value_id = table_standards.value_id
    left join expressions as value_expr on indicator_values.value_raw = value_expr.expr_raw
    left join expressions as standard_expr on table_standards.standard_raw = standard_expr.expr_raw
)

select * from final

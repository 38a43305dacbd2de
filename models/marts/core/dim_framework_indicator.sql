-- One row per indicator of each framework version (seed framework_indicators), with its
-- concept, its standard read into parts, and what changed against the version it replaced.
with

indicators as (
    select * from {{ ref('framework_indicators') }}
),

crosswalk as (
    select * from {{ ref('crosswalk') }}
    where is_primary
),

changes as (
    select * from {{ ref('int_crosswalk_compared') }}
),

standards as (
    select * from {{ ref('int_expressions_read') }}
),

final as (
    select
        indicators.version_id,
        indicators.framework_id,
        indicators.seq,
        split_part(indicators.seq, '.', 1) as top_seq,
        indicators.is_parent,
        indicators.domain_zh,
        indicators.task_group_zh,
        indicators.indicator_zh,
        indicators.indicator_en,
        indicators.unit,
        indicators.standard_raw,
        standards.parsed as standard_parsed,
        coalesce(standards.is_upper_level, false) as is_upper_level,
        coalesce(standards.is_change, false) as is_change_standard,
        coalesce(standards.has_region_variants, false) as has_region_variants,
        indicators.binding = 'binding' as is_binding,
        -- the attribute as the list prints it (约束性, 参考性)
        {{ text_of('binding', 'indicators.binding') }} as binding_raw,
        crosswalk.concept_id,
        crosswalk.definition_id,
        crosswalk.note as crosswalk_note,
        crosswalk.note_zh as crosswalk_note_zh,
        changes.earlier_version_id,
        changes.earlier_seq,
        changes.change_kind,
        changes.is_comparable_with_earlier,
        indicators.verification_status,
        indicators.source,
        indicators.note,
        indicators.note_zh
    from indicators
    left join crosswalk
        on
            indicators.version_id = crosswalk.version_id
            and indicators.seq = crosswalk.seq
    left join standards on indicators.standard_raw = standards.expr_raw
    left join changes
        on
            indicators.version_id = changes.version_id
            and indicators.seq = changes.seq
            and crosswalk.concept_id = changes.concept_id
)

select * from final

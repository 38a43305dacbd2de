-- The kind of change each framework version made to each concept, against the version it
-- replaced (framework_versions.compare_to_version_id: the trial list of 2017 against 2016,
-- the revised list of 2021 against the 2017 trial list, Jiangxi's against the 2021 list).
-- One row per version × concept (and its indicator), dropped concepts included.
--   merged    one indicator of this version covers several concepts
--   split     one indicator of the earlier version is several here
--   redefined another definition of the measure (EI → EQI, 森林 → 林草覆盖率, level → change)
--   rescaled  same measure, another standard (≥80 → 100) or unit
--   renamed   same measure and standard, another name
--   same      unchanged;  new: absent before;  dropped: absent now
--   unverified absent from an earlier list that was only partly retrieved, or a standard
--              that was not retrieved
-- Values are comparable across same, renamed and rescaled only.
with

versions as (
    select * from {{ ref('framework_versions') }}
),

crosswalk as (
    select * from {{ ref('crosswalk') }}
),

indicators as (
    select * from {{ ref('framework_indicators') }}
),

mapped as (
    select
        crosswalk.version_id,
        crosswalk.seq,
        crosswalk.concept_id,
        crosswalk.definition_id,
        indicators.indicator_zh,
        indicators.unit,
        indicators.standard_raw,
        count(*) over (partition by crosswalk.version_id, crosswalk.seq) as n_concepts_of_indicator,
        count(*)
            over (partition by crosswalk.version_id, crosswalk.concept_id)
            as n_indicators_of_concept
    from crosswalk
    inner join indicators
        on
            crosswalk.version_id = indicators.version_id
            and crosswalk.seq = indicators.seq
    -- a parent row stands for its sub-rows only where a document prints them merged
    where not indicators.is_parent or crosswalk.definition_id = 'merged'
),

current_side as (
    select
        mapped.*,
        versions.compare_to_version_id,
        earlier_version.completeness as earlier_completeness
    from mapped
    inner join versions on mapped.version_id = versions.version_id
    left join
        versions as earlier_version
        on versions.compare_to_version_id = earlier_version.version_id
),

paired as (
    select
        coalesce(current_side.version_id, dropped_from.version_id) as version_id,
        coalesce(current_side.concept_id, earlier.concept_id) as concept_id,
        current_side.seq,
        current_side.indicator_zh,
        current_side.standard_raw,
        current_side.definition_id,
        earlier.version_id as earlier_version_id,
        earlier.seq as earlier_seq,
        earlier.indicator_zh as earlier_indicator_zh,
        earlier.standard_raw as earlier_standard_raw,
        earlier.definition_id as earlier_definition_id,
        current_side.n_concepts_of_indicator,
        earlier.n_concepts_of_indicator as earlier_n_concepts_of_indicator,
        current_side.unit,
        earlier.unit as earlier_unit,
        current_side.earlier_completeness
    from current_side
    full outer join (
        select
            mapped.*,
            versions.version_id as later_version_id,
            versions.completeness as later_completeness
        from mapped
        inner join versions on mapped.version_id = versions.compare_to_version_id
    ) as earlier
        on
            current_side.version_id = earlier.later_version_id
            and current_side.concept_id = earlier.concept_id
    left join versions as dropped_from
        on
            current_side.version_id is null
            and earlier.later_version_id = dropped_from.version_id
    where current_side.compare_to_version_id is not null
    -- only a complete list can show that a concept was dropped
    or (current_side.version_id is null and earlier.later_completeness = 'complete')
),

classified as (
    select
        *,
        case
            when seq is null then 'dropped'
            -- absent from a partly retrieved list proves nothing
            when earlier_seq is null and earlier_completeness <> 'complete' then 'unverified'
            when earlier_seq is null then 'new'
            when
                n_concepts_of_indicator > 1 and coalesce(earlier_n_concepts_of_indicator, 1) = 1
                then 'merged'
            when
                coalesce(earlier_n_concepts_of_indicator, 1) > 1 and n_concepts_of_indicator = 1
                then 'split'
            when definition_id <> earlier_definition_id then 'redefined'
            when
                split_part(indicator_zh, '：', -1) <> split_part(earlier_indicator_zh, '：', -1)
                and coalesce(standard_raw, '') = coalesce(earlier_standard_raw, '') then 'renamed'
            -- a standard that was not retrieved cannot show whether it changed
            when
                coalesce(standard_raw, '') = '' or coalesce(earlier_standard_raw, '') = ''
                then 'unverified'
            when
                coalesce(standard_raw, '') <> coalesce(earlier_standard_raw, '')
                or coalesce(unit, '') <> coalesce(earlier_unit, '') then 'rescaled'
            when
                split_part(indicator_zh, '：', -1) <> split_part(earlier_indicator_zh, '：', -1)
                then 'renamed'
            else 'same'
        end as change_kind,
        split_part(indicator_zh, '：', -1)
        <> split_part(earlier_indicator_zh, '：', -1) as is_name_changed,
        coalesce(standard_raw, '') <> coalesce(earlier_standard_raw, '') as is_standard_changed
    from paired
),

final as (
    select
        version_id,
        concept_id,
        seq,
        indicator_zh,
        standard_raw,
        definition_id,
        earlier_version_id,
        earlier_seq,
        earlier_indicator_zh,
        earlier_standard_raw,
        earlier_definition_id,
        change_kind,
        case
            when change_kind in ('same', 'renamed', 'rescaled') then true
            when change_kind in ('redefined', 'merged', 'split') then false
        end as is_comparable_with_earlier,
        is_name_changed,
        is_standard_changed
    from classified
)

select * from final

-- One row per concept: one lineage of an indicator across framework versions, with the
-- framework indicators that measure it and how many document values map to it.
with

concepts as (
    select * from {{ ref('concepts') }}
),

crosswalk as (
    select * from {{ ref('crosswalk') }}
),

indicator_values as (
    select
        mapped.concept_id,
        count(*) as n_values,
        count(distinct values_landed.district_id) as n_districts
    from {{ ref('stg_landing__indicator_values') }} as values_landed
    inner join {{ ref('int_indicator_values_mapped') }} as mapped
        on values_landed.value_id = mapped.value_id
    where mapped.concept_id is not null
    group by mapped.concept_id
),

versions as (
    select
        concept_id,
        string_agg(version_id || ':' || seq, '; ' order by version_id, seq) as framework_seqs
    from crosswalk
    group by concept_id
),

final as (
    select
        concepts.concept_id,
        concepts.parent_concept_id,
        concepts.name_zh,
        concepts.name_en,
        concepts.canonical_unit,
        concepts.direction,
        concepts.domain_zh,
        concepts.lineage_note,
        concepts.lineage_note_zh,
        versions.framework_seqs,
        coalesce(indicator_values.n_values, 0) as n_values,
        coalesce(indicator_values.n_districts, 0) as n_districts
    from concepts
    left join versions on concepts.concept_id = versions.concept_id
    left join indicator_values on concepts.concept_id = indicator_values.concept_id
)

select * from final

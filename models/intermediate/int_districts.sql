-- The districts benchmarked: those of seeds/districts.csv, and the synthetic districts of
-- `ecobench bench` (only ever in its scratch warehouse: the real refresh refuses synthetic
-- submissions), which have no terrain or region. inputs_digest: a hash of the district's
-- documents and submissions (their content hashes), null when it has none; the
-- district-level incremental models recompute a district when it changes
-- (macros/districts.sql). A table: read by several models, it would otherwise scan the
-- submitted values once for each.
{{ config(materialized='table') }}
with

seeded as (
    select
        district_id,
        name_zh,
        name_en,
        admin_level,
        city_zh,
        province_zh,
        terrain_key,
        economic_region_key,
        false as is_synthetic
    from {{ ref('districts') }}
),

submissions as (
    select district_id, submission_id, bool_or(is_synthetic) as is_synthetic
    from {{ ref('int_submitted_values_mapped') }}
    group by district_id, submission_id
),

synthetic as (
    select distinct
        district_id,
        district_id as name_zh,
        district_id as name_en,
        'synthetic' as admin_level,
        cast(null as varchar) as city_zh,
        cast(null as varchar) as province_zh,
        cast(null as varchar) as terrain_key,
        cast(null as varchar) as economic_region_key,
        true as is_synthetic
    from submissions
    where is_synthetic and district_id not in (select district_id from seeded)
),

inputs as (
    select district_id, submission_id as content_sha256 from submissions
    union all
    select district_id, content_sha256 from {{ ref('stg_landing__documents') }}
),

digests as (
    select district_id, bit_xor(hash(content_sha256)) as inputs_digest
    from inputs
    group by district_id
),

final as (
    select districts.*, digests.inputs_digest
    from (
        select * from seeded
        union all
        select * from synthetic
    ) as districts
    left join digests on digests.district_id = districts.district_id
)

select * from final

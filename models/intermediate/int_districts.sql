-- The districts benchmarked: those of seeds/districts.csv, and the synthetic districts of
-- `ecobench bench` (only ever in its scratch warehouse: the real refresh refuses synthetic
-- submissions), which have no terrain or region.
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
    from {{ ref('int_submitted_values_mapped') }}
    where is_synthetic and district_id not in (select district_id from seeded)
),

final as (
    select * from seeded
    union all
    select * from synthetic
)

select * from final

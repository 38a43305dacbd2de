-- The region keys that pick a standard's variant, for every division of China's
-- administrative divisions (district_id is its GB/T 2260 code): its terrain (a seed's
-- word, else what its own documents state: 红谷滩区属于平原区) and its economic region (a
-- seed's word, else its province's, seeds/province_regions.csv). Apart from int_districts
-- so that the documents' comparisons do not depend on the submissions (a build of new
-- submissions alone selects what depends on them).
with

divisions as (
    select * from {{ ref('stg_landing__admin_divisions') }}
),

seeds as (
    select * from {{ ref('districts') }}
),

documents as (
    select * from {{ ref('stg_landing__documents') }}
),

province_regions as (
    select * from {{ ref('province_regions') }}
),

-- the terrain a district's own documents state, where they agree
stated_terrains as (
    select
        district_id,
        min(terrain_stated) as terrain_key
    from documents
    where terrain_stated is not null
    group by district_id
    having count(distinct terrain_stated) = 1
),

final as (
    select
        divisions.district_code as district_id,
        divisions.district_code,
        divisions.province_code,
        coalesce(seeds.terrain_key, stated_terrains.terrain_key) as terrain_key,
        coalesce(seeds.economic_region_key, province_regions.economic_region_key)
            as economic_region_key
    from divisions
    left join seeds on divisions.district_code = seeds.district_code
    left join province_regions on divisions.province_code = province_regions.province_code
    left join stated_terrains on divisions.district_code = stated_terrains.district_id
)

select * from final

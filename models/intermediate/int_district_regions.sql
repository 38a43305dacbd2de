-- The region keys that pick a standard's variant for each district a seed or a document
-- names: its terrain (a seed's word, else what its own documents state: 红谷滩区属于平原区)
-- and its economic region (a seed's word, else its province's, seeds/province_regions.csv).
-- Apart from int_districts so that the documents' comparisons do not depend on the
-- submissions (a build of new submissions alone selects what depends on them).
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

named as (
    select
        district_id,
        adcode as district_code
    from seeds
    union
    select
        district_id,
        district_code
    from documents
    where district_code is not null
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
        named.district_id,
        named.district_code,
        divisions.province_code,
        coalesce(seeds.terrain_key, stated_terrains.terrain_key) as terrain_key,
        coalesce(seeds.economic_region_key, province_regions.economic_region_key)
            as economic_region_key
    from named
    inner join divisions on named.district_code = divisions.district_code
    left join seeds on named.district_id = seeds.district_id
    left join province_regions on divisions.province_code = province_regions.province_code
    left join stated_terrains on named.district_id = stated_terrains.district_id
)

select * from final

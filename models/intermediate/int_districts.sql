-- The districts benchmarked: those of seeds/districts.csv, those the documents were
-- recognised as and those a submission names, each keyed by its GB/T 2260 code, with its
-- names, parents (landing.admin_divisions) and region keys (int_district_regions); and the
-- synthetic districts of `ecobench bench` (only ever in its scratch warehouse: the real
-- refresh refuses synthetic submissions), which have no terrain or region and are grouped
-- ten to a synthetic city (合成市0 holds syn0000-syn0009) of one synthetic province, so that
-- the peer groups of the rankings are exercised at province scale. inputs_digest:
-- a hash of the district's documents and submissions (their content hashes), null when it
-- has none; the district-level incremental models recompute a district when it changes
-- (macros/districts.sql). A table: read by several models, it would otherwise scan the
-- submitted values once for each.
{{ config(materialized='table') }}
with

divisions as (
    select * from {{ ref('stg_landing__admin_divisions') }}
),

regions as (
    select * from {{ ref('int_district_regions') }}
),

submissions as (
    select
        district_id,
        submission_id,
        bool_or(is_synthetic) as is_synthetic
    from {{ ref('stg_landing__submissions') }}
    group by district_id, submission_id
),

-- every district a seed, a document or a real submission names, by its division code
named as (
    select district_code as district_id from {{ ref('districts') }}
    union
    select district_code from {{ ref('stg_landing__documents') }}
    where district_code is not null
    union
    select district_id from submissions
    where not is_synthetic
),

real as (
    select
        named.district_id,
        divisions.district_code,
        divisions.name_zh,
        divisions.name_en,
        divisions.admin_level,
        divisions.division_type,
        divisions.city_code,
        divisions.city_zh,
        divisions.province_code,
        divisions.province_zh,
        regions.terrain_key,
        regions.economic_region_key,
        false as is_synthetic
    from named
    inner join divisions on named.district_id = divisions.district_code
    inner join regions on named.district_id = regions.district_id
),

submissions_numbered as (
    select
        *,
        coalesce(try_cast(regexp_extract(district_id, '(\d+)$', 1) as integer), 0) // 10
            as city_no
    from submissions
),

synthetic as (
    select distinct
        district_id,
        cast(null as varchar) as district_code,
        district_id as name_zh,
        district_id as name_en,
        'synthetic' as admin_level,
        cast(null as varchar) as division_type,
        'syn_city' || city_no as city_code,
        '合成市' || city_no as city_zh,
        'syn_province' as province_code,
        '合成省' as province_zh,
        cast(null as varchar) as terrain_key,
        cast(null as varchar) as economic_region_key,
        true as is_synthetic
    from submissions_numbered
    where is_synthetic and district_id not in (select district_id from real)
),

inputs as (
    select
        district_id,
        submission_id as content_sha256
    from submissions
    union all
    select
        district_id,
        content_sha256
    from {{ ref('stg_landing__documents') }}
),

digests as (
    select
        district_id,
        bit_xor(hash(content_sha256)) as inputs_digest
    from inputs
    group by district_id
),

final as (
    select
        districts.*,
        digests.inputs_digest
    from (
        select * from real
        union all
        select * from synthetic
    ) as districts
    left join digests on districts.district_id = digests.district_id
)

select * from final

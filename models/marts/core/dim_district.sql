with

districts as (
    select * from {{ ref('int_districts') }}
),

seeded as (
    select
        district_code,
        former_id,
        aliases
    from {{ ref('districts') }}
),

documents as (
    select
        district_id,
        count(*) as n_documents
    from {{ ref('stg_landing__documents') }}
    group by district_id
),

final as (
    select
        districts.district_id,
        districts.district_code,
        districts.name_zh,
        districts.name_en,
        seeded.former_id,
        seeded.aliases,
        districts.admin_level,
        districts.division_type,
        districts.city_code,
        districts.city_zh,
        districts.province_code,
        districts.province_zh,
        coalesce(documents.n_documents, 0) as n_documents,
        districts.is_synthetic
    from districts
    left join seeded on districts.district_code = seeded.district_code
    left join documents on districts.district_id = documents.district_id
)

select * from final

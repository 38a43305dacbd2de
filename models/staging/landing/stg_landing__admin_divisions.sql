with

source as (
    select * from {{ source('landing', 'admin_divisions') }}
),

renamed as (
    select
        district_code,
        name_zh,
        name_en,
        division_type,
        admin_level,
        city_code,
        city_zh,
        province_code,
        province_zh
    from source
)

select * from renamed

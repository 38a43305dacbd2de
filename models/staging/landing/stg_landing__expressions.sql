with

source as (
    select * from {{ source('landing', 'expressions') }}
),

renamed as (
    select
        expr_raw,
        cast(part_no as integer) as part_no,
        part_text,
        region_label,
        region_key,
        kind,
        comparator,
        value_num,
        value_high,
        unit_printed,
        is_change,
        change_direction,
        term_code,
        term_is_negative
    from source
)

select * from renamed

with

source as (
    select * from {{ source('landing', 'indicator_values') }}
),

renamed as (
    {{ staged_indicator_values() }}
    from source
)

select * from renamed

with

source as (
    select * from {{ source('landing', 'superseded_values') }}
),

renamed as (
    {{ staged_indicator_values(extra=[
        'superseded_by', 'doc_number', 'cast(issued_date as date) as issued_date'
    ]) }}
    from source
)

select * from renamed

with

source as (
    select * from {{ source('landing', 'documents') }}
),

renamed as (
    select
        document_id,
        district_id,
        district_code,
        district_found_in,
        source_file,
        title as title_zh,
        doc_number,
        issuing_body,
        cast(issued_date as date) as issued_date,
        sha256,
        content_sha256,
        encoding,
        n_lines,
        terrain_key as terrain_stated,
        cast(terrain_line as integer) as terrain_line
    from source
)

select * from renamed

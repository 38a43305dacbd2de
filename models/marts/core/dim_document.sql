with

documents as (
    select * from {{ ref('stg_landing__documents') }}
),

final as (
    select
        document_id,
        district_id,
        title_zh,
        doc_number,
        issuing_body,
        issued_date,
        source_file,
        sha256,
        content_sha256,
        encoding,
        n_lines
    from documents
)

select * from final

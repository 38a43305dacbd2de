with

source as (
    select * from {{ source('landing', 'parse_issues') }}
),

renamed as (
    select distinct
        md5(concat_ws('|', document_id, source_line, issue)) as parse_issue_id,
        district_id,
        document_id,
        table_label,
        issue,
        source_file,
        cast(source_line as integer) as source_line
    from source
)

select * from renamed

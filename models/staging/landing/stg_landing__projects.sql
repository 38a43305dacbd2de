with

source as (
    select * from {{ source('landing', 'projects') }}
),

renamed as (
    select
        md5(concat_ws('|', document_id, project_no, source_line)) as project_id,
        district_id,
        document_id,
        cast(project_no as integer) as project_no,
        domain_zh,
        project_name as project_name_zh,
        content as content_zh,
        period_raw,
        start_period,
        end_period,
        investment_raw,
        investment_wan_yuan,
        owner_unit,
        source_file,
        cast(source_line as integer) as source_line,
        source_location
    from source
)

select * from renamed

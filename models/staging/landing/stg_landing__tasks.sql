with

source as (
    select * from {{ source('landing', 'tasks') }}
),

renamed as (
    select
        md5(concat_ws('|', document_id, task_no, source_line)) as task_id,
        district_id,
        document_id,
        cast(task_no as integer) as task_no,
        section_zh,
        task_title as task_title_zh,
        task_text as task_text_zh,
        responsible_units,
        lead_units,
        supporting_units,
        units_raw,
        source_file,
        cast(source_line as integer) as source_line,
        source_location
    from source
)

select * from renamed

with

tasks as (
    select * from {{ ref('stg_landing__tasks') }}
),

final as (
    select
        task_id,
        district_id,
        document_id,
        task_no,
        section_zh,
        task_title_zh,
        task_text_zh,
        responsible_units,
        lead_units,
        supporting_units,
        len(responsible_units) + len(lead_units) + len(supporting_units) as n_units,
        units_raw,
        source_file,
        source_line,
        source_location
    from tasks
)

select * from final

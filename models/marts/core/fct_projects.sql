with

projects as (
    select * from {{ ref('stg_landing__projects') }}
),

final as (
    select
        project_id,
        district_id,
        document_id,
        project_no,
        domain_zh,
        project_name_zh,
        content_zh,
        period_raw,
        start_period,
        end_period,
        investment_raw,
        investment_wan_yuan,
        owner_unit,
        source_file,
        source_line,
        source_location
    from projects
)

select * from final

with

source as (
    select * from {{ source('landing', 'submissions') }}
),

renamed as (
    select
        submission_sha256 || ':' || source_line as submitted_value_id,
        submission_sha256 as submission_id,
        district_id,
        district_raw,
        framework_id,
        indicator_seq,
        indicator_name_zh,
        nullif(trim(unit), '') as unit,
        value_raw,
        value_num,
        cast(period_year as integer) as period_year,
        remarks,
        cast(submitted_on as date) as submitted_on,
        cast(received_at as timestamp) as received_at,
        is_synthetic,
        source_file,
        sheet_name,
        cast(source_line as integer) as source_line,
        -- the landed parquet file: a filter on it skips the other files unread
        filename as landed_file
    from source
)

select * from renamed

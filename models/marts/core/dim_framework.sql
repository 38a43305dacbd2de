with

frameworks as (
    select * from {{ ref('frameworks') }}
),

final as (
    select
        framework_id,
        name_zh,
        name_en,
        kind,
        issuer_zh
    from frameworks
)

select * from final

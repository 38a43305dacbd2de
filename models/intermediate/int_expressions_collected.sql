-- Every distinct expression the reconciliation must read: the values and standards the
-- documents print, and the standards of the reference framework lists.
with

values_printed as (
    select value_raw as expr_raw
    from {{ ref('stg_landing__indicator_values') }}
),

standards_listed as (
    select standard_raw as expr_raw
    from {{ ref('framework_indicators') }}
),

final as (
    select distinct expr_raw
    from (
        select * from values_printed
        union all
        select * from standards_listed
    )
    where expr_raw is not null and trim(expr_raw) <> ''
)

select * from final

-- One row per printed expression: what its parts (int_expressions_parsed) say of the whole,
-- read once for every model that asks whether a standard or value is a change, holds a
-- number, is set by the upper level, varies by region or can be scored.
with

parts as (
    select * from {{ ref('int_expressions_parsed') }}
),

final as (
    select
        expr_raw,
        string_agg(
            coalesce(region_key || ': ', '') || kind
            || coalesce(' ' || comparator || ' ' || cast(value_num as varchar), '')
            || coalesce(' ' || term_code, ''),
            '; ' order by part_no
        ) as parsed,
        bool_or(is_change) as is_change,
        bool_or(kind in ('numeric', 'range')) as has_number,
        -- the size of the first number it names (|-1| of ΔEQI≥-1)
        abs(arg_min(value_num, part_no) filter (where kind in ('numeric', 'range')))
            as first_number,
        bool_or(kind = 'upper_level') as is_upper_level,
        bool_or(region_key is not null) as has_region_variants,
        -- a standard a value can be scored against: none set by the upper level
        -- (完成上级规定的…) or only by a condition the data does not show
        not bool_or(kind = 'upper_level')
        and bool_or(
            kind in ('numeric', 'range', 'qualitative')
            and coalesce(region_key, '') <> 'condition'
        ) as is_scorable
    from parts
    group by expr_raw
)

select * from final

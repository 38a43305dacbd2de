-- Reads a printed standard, target or status into parts a comparison can use.
-- One row per expression part: an expression splits at line breaks, ；/; , ， and 且, so
-- "≥55\n且不降低" is two parts that must both hold, and "山区:≥33; 平原地区:≥16" is two
-- region variants. Each part is a number with its comparator (≥ ＞ ≤ < =, 以上/以内/
-- 不低于/左右, a range a-b), a change (ΔEQI≥-1, 提高幅度, 较2020年降低12.5%), a term of the
-- qualitative vocabulary (seed qualitative_terms: 建立/已建立, 制定中, 不明显 …), a
-- reference to a target set by the upper level (完成上级规定的…), or unread text.
with

expressions as (
    select * from {{ ref('int_expressions_collected') }}
),

terms as (
    select * from {{ ref('qualitative_terms') }}
),

units as (
    select * from {{ ref('units') }}
),

normalised as (
    select
        expr_raw,
        regexp_split_to_array(
            translate(
                replace(replace(expr_raw, ' ', ''), '　', ''),
                '＞＜＝≧≦％（）：；，０１２３４５６７８９．－～',
                '><=≥≤%():;,0123456789.-~'
            ),
            '\n|;|,|、|且'
        ) as parts
    from expressions
),

split as (
    select
        normalised.expr_raw,
        row_number() over (partition by normalised.expr_raw order by positions.position) as part_no,
        normalised.parts[positions.position] as part_text
    from normalised
    cross join unnest(range(1, len(normalised.parts) + 1)) as positions(position)
    where trim(normalised.parts[positions.position]) <> ''
),

regions as (
    select
        expr_raw,
        part_no,
        part_text,
        coalesce(
            nullif(regexp_extract(part_text, '^([^:]*区):', 1), ''),
            nullif(regexp_extract(part_text, '^(\(\d\))', 1), ''),
            nullif(regexp_extract(part_text, '\(((平原|山|丘陵)(地)?区|(东|中|西)部(地区)?)\)', 1), '')
        ) as region_label,
        regexp_replace(
            regexp_replace(part_text, '^([^:]*区):|^\(\d\)', ''),
            '\(((平原|山|丘陵)(地)?区|(东|中|西)部(地区)?)\)', ''
        ) as body
    from split
),

bodies as (
    select
        *,
        case
            when region_label like '%平原%' then 'plain'
            when region_label like '%丘陵%' then 'hill'
            when region_label like '%山区%' then 'mountain'
            when region_label like '东部%' then 'east'
            when region_label like '中部%' then 'central'
            when region_label like '西部%' then 'west'
            when region_label is not null then 'condition'
        end as region_key,
        -- years and the name PM2.5 are not quantities
        regexp_replace(regexp_replace(body, '\d{4}年', '', 'g'), 'PM2\.5', 'PM', 'g') as quantity_text
    from regions
),

numbers as (
    select
        *,
        regexp_extract(quantity_text, '(-?\d+(\.\d+)?)\s*%?\s*[-~至到]\s*(\d+(\.\d+)?)', ['low', 'frac_low', 'high']) as range_parts,
        nullif(regexp_extract(quantity_text, '-?\d+(\.\d+)?', 0), '') as number_text,
        -- the text right after the (last) number, where a unit is printed
        coalesce(
            nullif(regexp_extract(quantity_text, '\d\s*%?\s*[-~至到]\s*\d+(\.\d+)?(.*)$', 2), ''),
            regexp_extract(quantity_text, '-?\d+(\.\d+)?(.*)$', 2)
        ) as after_number
    from bodies
),

unit_matches as (
    -- the longest unit of the units seed that the number is followed by
    select
        numbers.expr_raw,
        numbers.part_no,
        units.unit,
        row_number() over (
            partition by numbers.expr_raw, numbers.part_no
            order by length(units.unit) desc
        ) as unit_rank
    from numbers
    inner join units on starts_with(numbers.after_number, units.unit)
    where numbers.number_text is not null
),

vocabulary as (
    select
        numbers.expr_raw,
        numbers.part_no,
        terms.code,
        terms.is_negative,
        row_number() over (
            partition by numbers.expr_raw, numbers.part_no
            order by length(terms.term_zh) desc
        ) as term_rank
    from numbers
    inner join terms on contains(numbers.body, terms.term_zh)
),

final as (
    select
        numbers.expr_raw,
        numbers.part_no,
        numbers.part_text,
        numbers.region_label,
        numbers.region_key,
        case
            when regexp_matches(numbers.body, '上级|自行确定|省下达|控制目标') then 'upper_level'
            when numbers.range_parts['high'] <> '' then 'range'
            when numbers.number_text is not null then 'numeric'
            when vocabulary.code = 'no_data' then 'no_data'
            when vocabulary.code is not null then 'qualitative'
            else 'text'
        end as kind,
        case
            when numbers.range_parts['high'] <> '' then 'between'
            when regexp_matches(numbers.body, '≥|>=|不低于|不少于|不得低于|以上|至少') then '>='
            when regexp_matches(numbers.body, '≤|<=|不高于|不超过|不大于|以内|以下') then '<='
            when contains(numbers.body, '>') or contains(numbers.body, '高于') then '>'
            when contains(numbers.body, '<') then '<'
            when regexp_matches(numbers.body, '左右|约') then '~'
            when numbers.number_text is not null then '='
        end as comparator,
        coalesce(
            try_cast(nullif(numbers.range_parts['low'], '') as double),
            try_cast(numbers.number_text as double)
        ) as value_num,
        try_cast(nullif(numbers.range_parts['high'], '') as double) as value_high,
        unit_matches.unit as unit_printed,
        regexp_matches(numbers.body, 'Δ|△|幅度|较\d{4}年|(降低|下降|减少|提高|增加|增长|提升)-?\d') as is_change,
        case
            when regexp_matches(numbers.body, 'Δ|△') then 'delta'
            when regexp_matches(numbers.body, '(降低|下降|减少)-?\d|下降幅度') then 'decrease'
            when regexp_matches(numbers.body, '(提高|增加|增长|提升)-?\d|提高幅度') then 'increase'
        end as change_direction,
        vocabulary.code as term_code,
        coalesce(vocabulary.is_negative, false) as term_is_negative
    from numbers
    left join unit_matches
        on unit_matches.expr_raw = numbers.expr_raw
        and unit_matches.part_no = numbers.part_no
        and unit_matches.unit_rank = 1
    left join vocabulary
        on vocabulary.expr_raw = numbers.expr_raw
        and vocabulary.part_no = numbers.part_no
        and vocabulary.term_rank = 1
)

select * from final

-- Every text the marts show a reader, by domain and code: seeds/reason_texts.csv, and the
-- frameworks' short names as terms (a reason that names a framework shows its name in the
-- reader's language; a framework added to frameworks.csv needs no row in reason_texts).
with

texts as (
    select * from {{ ref('reason_texts') }}
),

frameworks as (
    select * from {{ ref('frameworks') }}
),

final as (
    select
        domain,
        code,
        zh,
        en
    from texts
    union all
    select
        'term' as domain,
        framework_id as code,
        short_zh as zh,
        short_en as en
    from frameworks
)

select * from final

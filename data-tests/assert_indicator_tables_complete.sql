-- Each indicator table prints the whole framework: 表3-1 (Jiangxi provincial) 29 indicators,
-- 表3-2 (national revised) 35, Hailing's 附件2 (national trial) 37. A parse that drops a row
-- fails here. Returns the tables whose count is off.
with

counts as (
    select document_id, table_label, framework_id, count(distinct indicator_seq) as n_indicators
    from {{ ref('fct_indicator_values') }}
    where table_label is not null
    group by all
),

expected as (
    select * from (values
        ('jiangxi_provincial', 29),
        ('national_revised', 35),
        ('national_trial', 37)
    ) as expected (framework_id, n_expected)
)

select counts.*, expected.n_expected
from counts
inner join expected on expected.framework_id = counts.framework_id
where counts.n_indicators <> expected.n_expected

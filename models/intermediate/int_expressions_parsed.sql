-- Every printed expression (values and standards of the documents, standards of the
-- framework lists) read into parts a comparison can use. The reading is the parsers' own
-- value grammar (src/ecobench/ingest/values.py, read_expression), landed with the rows, so
-- that a landed value_num and a verdict never read one text two ways.
with

parts as (
    select * from {{ ref('stg_landing__expressions') }}
),

final as (
    select * from parts
)

select * from final

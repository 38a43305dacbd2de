-- Every text the marts show, by domain and code (seeds/reason_texts.csv and the frameworks'
-- short names): an analyst joins a code column to it for its Chinese or English; the
-- workbook and the report show a code column's text from it where the mart has no *_zh
-- column beside it (the column's name is the domain).
select * from {{ ref('stg_reference__texts') }}

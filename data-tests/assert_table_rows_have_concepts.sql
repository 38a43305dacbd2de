-- Every row of a document's indicator table is either under a concept or says why not: a
-- row its words map to no concept lands unmapped (mapped_by 'none' or 'weak', listed in
-- rpt_unmapped_rows with its line), never with a concept its row number alone would give.
select value_id, source_file, source_line, framework_id, indicator_seq, sub_index, indicator_name_zh
from {{ ref('fct_indicator_values') }}
where
    table_label is not null
    and (
        (concept_id is null and coalesce(mapped_by, '') not in ('none', 'weak'))
        or (concept_id is not null and mapped_by in ('none', 'weak'))
    )

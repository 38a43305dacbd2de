-- Every row of a document's indicator table has a concept: the crosswalk covers every
-- indicator the documents print (a seq the crosswalk lacks would silently drop a value
-- from the cross-framework evaluation).
select value_id, source_file, source_line, framework_id, indicator_seq, sub_index, indicator_name_zh
from {{ ref('fct_indicator_values') }}
where table_label is not null and concept_id is null

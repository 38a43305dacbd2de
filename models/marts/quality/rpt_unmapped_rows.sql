-- The rows of the documents' indicator tables that their words map to no concept (a
-- county's own indicator, a name the concept dictionary does not hold yet), with the
-- candidate a weak match found: what a reviewer reads to add a synonym or a concept to the
-- seeds (docs/reconciliation.md: the concept dictionary). They land and are published;
-- they enter no comparison. One row per table row (its values folded).
with

indicator_values as (
    select * from {{ ref('fct_indicator_values') }}
),

final as (
    select
        md5(concat_ws('|', document_id, table_label, indicator_seq, sub_index, indicator_name_zh))
            as row_id,
        district_id,
        document_id,
        framework_id,
        table_label,
        indicator_seq,
        sub_index,
        indicator_name_zh,
        parent_name_zh,
        any_value(unit) as unit,
        any_value(mapped_by) as mapped_by,
        max(match_score) as match_score,
        any_value(match_candidate) as match_candidate,
        string_agg(measure || ' ' || value_raw, '; ' order by source_line, measure)
            as values_printed,
        source_file,
        min(source_line) as source_line,
        min(source_location) as source_location
    from indicator_values
    where table_label is not null and concept_id is null
    group by all
)

select * from final

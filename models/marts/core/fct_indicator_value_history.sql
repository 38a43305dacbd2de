-- Every value each revision of a document printed: the current ones (fct_indicator_values)
-- and those of the older revisions a newer one superseded (same 文号 and text, a later
-- issue date), which stay here with is_current = false and the file that superseded them.
with

current_values as (
    select * from {{ ref('fct_indicator_values') }}
),

documents as (
    select * from {{ ref('dim_document') }}
),

superseded as (
    select * from {{ ref('stg_landing__superseded_values') }}
),

-- the concept a printed name maps to among the current values, where it maps to one
concept_of_name as (
    select
        district_id,
        indicator_name_zh,
        min(concept_id) as concept_id
    from current_values
    where concept_id is not null
    group by district_id, indicator_name_zh
    having count(distinct concept_id) = 1
),

current_rows as (
    select
        current_values.value_id,
        current_values.district_id,
        current_values.document_id,
        documents.doc_number,
        documents.issued_date,
        current_values.concept_id,
        current_values.table_label,
        current_values.indicator_seq,
        current_values.sub_index,
        current_values.indicator_name_zh,
        current_values.measure,
        current_values.period_year,
        current_values.value_raw,
        current_values.value_num,
        current_values.unit,
        true as is_current,
        cast(null as varchar) as superseded_by,
        current_values.source_file,
        current_values.source_line,
        current_values.source_location
    from current_values
    inner join documents on current_values.document_id = documents.document_id
),

superseded_rows as (
    select
        superseded.value_id,
        superseded.district_id,
        superseded.document_id,
        superseded.doc_number,
        superseded.issued_date,
        concept_of_name.concept_id,
        superseded.table_label,
        superseded.indicator_seq,
        superseded.sub_index,
        superseded.indicator_name_zh,
        superseded.measure,
        superseded.period_year,
        superseded.value_raw,
        superseded.value_num,
        superseded.unit,
        false as is_current,
        superseded.superseded_by,
        superseded.source_file,
        superseded.source_line,
        superseded.source_location
    from superseded
    left join concept_of_name
        on
            superseded.district_id = concept_of_name.district_id
            and superseded.indicator_name_zh = concept_of_name.indicator_name_zh
),

final as (
    select * from current_rows
    union all
    select * from superseded_rows
)

select * from final

-- Which concepts each task addresses: every keyword of the dictionary (seed
-- concept_keywords) found in the task's text. One row per task × concept.
with

tasks as (
    select * from {{ ref('fct_tasks') }}
),

keywords as (
    select * from {{ ref('concept_keywords') }}
),

matched as (
    select
        tasks.task_id,
        tasks.district_id,
        tasks.document_id,
        keywords.concept_id,
        string_agg(distinct keywords.keyword_zh, '|' order by keywords.keyword_zh) as keywords_found
    from tasks
    inner join keywords on contains(tasks.task_text_zh, keywords.keyword_zh)
    group by tasks.task_id, tasks.district_id, tasks.document_id, keywords.concept_id
),

final as (
    select * from matched
)

select * from final

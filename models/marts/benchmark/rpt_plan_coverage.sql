-- What each district's documents address, concept by concept: values in indicator tables,
-- targets in running text, tasks, and the departments leading the tasks, normalised to a
-- department type (seeds/department_types.csv: 区生态环境局, 海陵环保局 → ecology_environment).
-- One row per district × concept addressed.
with

indicator_values as (
    select * from {{ ref('fct_indicator_values') }}
    where concept_id is not null
),

task_concepts as (
    select * from {{ ref('fct_task_concepts') }}
),

tasks as (
    select * from {{ ref('fct_tasks') }}
),

concepts as (
    select * from {{ ref('concepts') }}
),

department_types as (
    select * from {{ ref('department_types') }}
),

values_by_concept as (
    select
        district_id,
        concept_id,
        count(*) filter (where table_label is not null) as n_table_values,
        count(*) filter (where table_label is null) as n_text_targets
    from indicator_values
    group by district_id, concept_id
),

leads as (
    select
        task_concepts.district_id,
        task_concepts.concept_id,
        task_concepts.task_id,
        unnest(
            case
                when len(tasks.lead_units) > 0 then tasks.lead_units else tasks.responsible_units
            end
        )
            as unit_zh
    from task_concepts
    inner join tasks on task_concepts.task_id = tasks.task_id
),

typed_leads as (
    select
        leads.*,
        department_types.department_type
    from leads
    left join department_types on contains(leads.unit_zh, department_types.keyword_zh)
    qualify row_number() over (
        partition by leads.task_id, leads.concept_id, leads.unit_zh
        order by department_types.priority desc, length(department_types.keyword_zh) desc
    ) = 1
),

tasks_by_concept as (
    select
        district_id,
        concept_id,
        count(distinct task_id) as n_tasks,
        string_agg(distinct unit_zh, '、' order by unit_zh) as lead_units_zh,
        string_agg(
            distinct coalesce(department_type, 'other'), ', '
            order by coalesce(department_type, 'other')
        ) as lead_department_types,
        string_agg(
            distinct {{ text_of('department_type', "coalesce(department_type, 'other')") }}, '、'
        ) as lead_department_types_zh
    from typed_leads
    group by district_id, concept_id
),

task_counts as (
    select
        district_id,
        concept_id,
        count(distinct task_id) as n_tasks
    from task_concepts
    group by district_id, concept_id
),

keys as (
    select
        district_id,
        concept_id
    from values_by_concept
    union
    select
        district_id,
        concept_id
    from task_counts
),

final as (
    select
        keys.district_id,
        keys.concept_id,
        concepts.name_zh as concept_name_zh,
        coalesce(parent_concepts.domain_zh, concepts.domain_zh) as domain_zh,
        coalesce(values_by_concept.n_table_values, 0) as n_table_values,
        coalesce(values_by_concept.n_text_targets, 0) as n_text_targets,
        coalesce(task_counts.n_tasks, 0) as n_tasks,
        tasks_by_concept.lead_units_zh,
        tasks_by_concept.lead_department_types,
        tasks_by_concept.lead_department_types_zh
    from keys
    inner join concepts on keys.concept_id = concepts.concept_id
    left join concepts as parent_concepts on concepts.parent_concept_id = parent_concepts.concept_id
    left join values_by_concept
        on
            keys.district_id = values_by_concept.district_id
            and keys.concept_id = values_by_concept.concept_id
    left join task_counts
        on keys.district_id = task_counts.district_id and keys.concept_id = task_counts.concept_id
    left join tasks_by_concept
        on
            keys.district_id = tasks_by_concept.district_id
            and keys.concept_id = tasks_by_concept.concept_id
)

select * from final

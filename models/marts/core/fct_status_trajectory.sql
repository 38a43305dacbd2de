-- Every status a district has for a concept, year by year: one row per district × concept ×
-- definition × level-or-change × year, from its current submissions and its documents (in
-- the same year a submission first, then the later line), in the concept's canonical
-- unit, with where it is printed. Definitions are never spliced: EI and EQI, 森林覆盖率 and
-- 林草覆盖率 are separate series (definition_id), as are a level and a change. A
-- qualitative status says whether it is met (is_met: 达标, or a term of
-- seeds/qualitative_terms.csv that is not negative). The one home of "the latest status"
-- (rpt_benchmark_concept) and of the trajectories (rpt_progress). Incremental by district
-- (macros/districts.sql): a refresh recomputes the districts whose documents or
-- submissions changed.
{{
    config(
        materialized='incremental',
        unique_key='district_id',
        on_schema_change='fail',
        post_hook="{{ delete_stale_districts() }}"
    )
}}
with

districts as (
    {{ districts_in_build() }}
),

documents as (
    select
        district_id,
        concept_id,
        definition_id,
        value_is_change,
        period_year,
        value_raw,
        value_canonical,
        false as is_submission,
        source_file,
        cast(null as varchar) as sheet_name,
        source_line,
        source_location
    from {{ ref('fct_indicator_values') }}
    where
        measure = 'status' and concept_id is not null
        and district_id in (select district_id from districts)
),

submitted as (
    select
        submitted.district_id,
        submitted.concept_id,
        submitted.definition_id,
        submitted.value_is_change,
        submitted.period_year,
        submitted.value_raw,
        submitted.value_num * coalesce(units.factor_to_canonical, 1) as value_canonical,
        true as is_submission,
        submitted.source_file,
        submitted.sheet_name,
        submitted.source_line,
        cast(null as varchar) as source_location
    from {{ ref('fct_submitted_values') }} as submitted
    left join {{ ref('units') }} as units on submitted.unit = units.unit
    where
        submitted.is_current and submitted.concept_id is not null
        and submitted.district_id in (select district_id from districts)
),

-- a year's status: the district's current submission where it has one (the supersede rule
-- leaves one a year; assert_one_current_submitted_value tests it), else its documents'
-- later line. Only the documents' few rows are ranked: a window over every point of a
-- province took most of this model (docs/performance.md).
documents_picked as (
    select printed.*
    from documents as printed
    anti join submitted
        on
            printed.district_id = submitted.district_id
            and printed.concept_id = submitted.concept_id
            and printed.definition_id is not distinct from submitted.definition_id
            and printed.value_is_change = submitted.value_is_change
            and printed.period_year = submitted.period_year
    qualify row_number() over (
        partition by district_id, concept_id, definition_id, value_is_change, period_year
        order by source_file desc, source_line desc
    ) = 1
),

picked as (
    select * from submitted
    union all by name
    select * from documents_picked
),

terms as (
    select
        expr_raw,
        count(term_code) as n_terms,
        bool_or(coalesce(term_is_negative, false)) as any_negative
    from {{ ref('int_expressions_parsed') }}
    group by expr_raw
),

concepts as (
    select * from {{ ref('concepts') }}
),

final as (
    select
        md5(concat_ws(
            '|', picked.district_id, picked.concept_id, picked.definition_id,
            picked.value_is_change, coalesce(cast(picked.period_year as varchar), '?')
        )) as trajectory_point_id,
        picked.district_id,
        picked.concept_id,
        picked.definition_id,
        picked.value_is_change,
        picked.period_year,
        picked.value_raw,
        picked.value_canonical,
        concepts.canonical_unit,
        concepts.direction,
        case
            when picked.value_raw = '达标' then true
            when picked.value_raw = '未达标' then false
            when terms.n_terms > 0 then not terms.any_negative
        end as is_met,
        picked.is_submission,
        picked.source_file,
        picked.sheet_name,
        picked.source_line,
        picked.source_location,
        picked.source_file || coalesce(', ' || picked.sheet_name, '')
        || coalesce(', ' || picked.source_location, ':' || picked.source_line) as source,
        districts.inputs_digest,
        -- the build that wrote the row: its tests check these (macros/checks.sql)
        '{{ invocation_id }}' as dbt_invocation_id
    from picked
    inner join concepts on picked.concept_id = concepts.concept_id
    inner join districts on picked.district_id = districts.district_id
    left join terms on picked.value_raw = terms.expr_raw
)

select * from final

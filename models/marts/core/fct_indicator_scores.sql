-- Each district's value for each indicator of each assessed framework, scored 0-100.
-- The value: one that can be evaluated first; then for the status basis the latest
-- status (a district's submission or a document's), for the target basis the latest target (the plan's furthest horizon); the
-- framework's own table before any other source.
-- The score (after the SDG Index): 100 at the standard, 0 at the concept's lower bound
-- (seeds/ranking_bounds.csv), linear and capped in between, mirrored where lower is
-- better; a value that does not meet its standard stays below 100; a qualitative standard
-- scores 100 met or 0 not met; a value that cannot be evaluated has no score.
-- A table read by the rankings and reports; incremental by district (macros/districts.sql):
-- a refresh recomputes the districts whose documents or submissions changed.
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

pairs as (
    select * from {{ ref('int_comparisons_paired') }} where comparison_kind = 'cross_framework'
),

evaluated as (
    select * from {{ ref('int_comparisons_evaluated') }}
),

indicator_values as (
    select * from {{ ref('stg_landing__indicator_values') }}
),

concepts as (
    select * from {{ ref('concepts') }}
),

bounds as (
    select * from {{ ref('ranking_bounds') }}
),

settings as (
    select
        max(value) filter (where setting = 'at_risk_score') as at_risk_score
    from {{ ref('ranking_settings') }}
),

document_candidates as (
    select
        pairs.district_id,
        pairs.framework_id,
        pairs.version_id,
        pairs.framework_seq,
        pairs.concept_id,
        indicator_values.measure as basis,
        indicator_values.period_year,
        indicator_values.value_raw,
        indicator_values.value_shown,
        indicator_values.source_file,
        indicator_values.source_line,
        pairs.standard_raw,
        evaluated.verdict,
        evaluated.reason_code,
        evaluated.reason_args,
        evaluated.reason_zh,
        evaluated.reason_en,
        evaluated.value_scaled,
        evaluated.threshold,
        evaluated.comparator,
        indicator_values.framework_id = pairs.framework_id as is_own_framework,
        indicator_values.value_id
    from pairs
    inner join evaluated on evaluated.comparison_id = pairs.comparison_id
    inner join indicator_values on indicator_values.value_id = pairs.value_id
    where pairs.district_id in (select district_id from districts)
),

-- a district's yearly submissions: statuses, newer than its plan's as a rule
submission_candidates as (
    select
        district_id,
        framework_id,
        version_id,
        framework_seq,
        concept_id,
        'status' as basis,
        period_year,
        value_raw,
        value_raw as value_shown,
        source_file,
        source_line,
        standard_raw,
        verdict,
        reason_code,
        reason_args,
        reason_zh,
        reason_en,
        value_scaled,
        threshold,
        comparator,
        true as is_own_framework,
        source_file || ':' || source_line as value_id
    from {{ ref('fct_submission_verdicts') }}
    where district_id in (select district_id from districts)
),

candidates as (
    select
        *,
        row_number() over (
            partition by district_id, version_id, framework_seq, basis
            order by
                (verdict <> 'not_evaluable') desc,
                period_year desc nulls last,
                is_own_framework desc,
                source_file,
                source_line,
                -- two values on one line (Hailing 145: ≥80% and 不低于60%): the stricter
                value_scaled desc,
                value_id
        ) as pick
    from (
        select * from document_candidates
        union all by name
        select * from submission_candidates
    )
),

chosen as (
    select
        candidates.*,
        concepts.direction,
        coalesce(
            concept_bounds.lower_bound,
            case when concepts.canonical_unit = '%' and concepts.direction = 'higher' then percent_bounds.lower_bound end
        ) as lower_bound
    from candidates
    left join concepts on concepts.concept_id = candidates.concept_id
    left join bounds as concept_bounds on concept_bounds.concept_id = candidates.concept_id
    left join bounds as percent_bounds on percent_bounds.concept_id = '*%'
    where candidates.pick = 1
),

scored as (
    select
        *,
        case
            when verdict = 'not_evaluable' then null
            when verdict = 'met' then 100.0
            when threshold is null or lower_bound is null or comparator not in ('>=', '>', '<=', '<')
                then 0.0
            when threshold = lower_bound then 0.0
            -- 100 at the standard, 0 at the lower bound (macros/scoring.sql); not met stays
            -- below 100; a not-met value that cannot be scaled scores 0, as it always has
            else least(99.0, coalesce({{ score_between('value_scaled', 'lower_bound', 'threshold') }}, 0.0))
        end as score
    from chosen
),

final_scores as (
    select
        scored.district_id,
        scored.framework_id,
        scored.version_id,
        scored.framework_seq,
        scored.concept_id,
        scored.basis,
        scored.period_year,
        scored.value_raw,
        scored.value_shown,
        scored.standard_raw,
        scored.verdict,
        {{ text_of('verdict', 'scored.verdict') }} as verdict_zh,
        scored.reason_code,
        scored.reason_args,
        scored.reason_zh,
        scored.reason_en,
        scored.value_scaled,
        scored.threshold,
        scored.direction,
        scored.lower_bound,
        round(scored.score, 1) as score,
        -- a binding standard not met is not met, however close: amber is for the rest
        case
            when scored.score is null then 'no_data'
            when scored.verdict = 'met' then 'met'
            when scored.verdict = 'not_met' and indicators.binding = 'binding' then 'not_met'
            when scored.score >= settings.at_risk_score then 'at_risk'
            else 'not_met'
        end as rating,
        coalesce(indicators.binding = 'binding', false) as is_binding,
        scored.source_file,
        scored.source_line,
        districts.inputs_digest
    from scored
    inner join districts on districts.district_id = scored.district_id
    left join {{ ref('framework_indicators') }} as indicators
        on scored.version_id = indicators.version_id and scored.framework_seq = indicators.seq
    cross join settings
),

rated as (
    select
        *,
        {{ text_of('rating', 'rating') }} as rating_zh
    from final_scores
),

final as (
    select
        *,
        -- the build that wrote the row: its tests check these (macros/checks.sql)
        '{{ invocation_id }}' as dbt_invocation_id
    from rated
)

select * from final

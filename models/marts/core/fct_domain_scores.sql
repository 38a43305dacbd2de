-- Each district's score per assessed framework, per domain and overall, on its statuses
-- and on its targets, with the coverage it rests on (docs/methodology.md §9): a domain
-- scores the mean of its indicators' scores (fct_indicator_scores, equal weights); overall
-- is the weighted mean of the domains with data (seeds/ranking_weights.csv). Every
-- indicator in scope counts, scored or not. Indicators are counted as the framework
-- numbers them, as compliance counts them: an indicator printed in parts (15.1, 15.2) is
-- one, scored when any part is (each part is scored against its own standard, and the
-- domain's mean is over the parts). n_indicators: the framework's indicators in the domain;
-- n_in_scope: those a value can be scored against (完成上级规定的任务 cannot); n_scored:
-- those scored. Coverage is n_scored / n_in_scope. Incremental by district (macros/districts.sql):
-- rpt_district_ranking ranks these rows, and a refresh recomputes only the districts whose
-- documents or submissions changed.
{{
    config(
        materialized='incremental',
        unique_key='district_id',
        on_schema_change='fail',
        post_hook="{{ delete_stale_districts() }}"
    )
}}
with

scores as (
    select * from {{ ref('fct_indicator_scores') }}
),

framework_indicators as (
    select * from {{ ref('framework_indicators') }}
),

crosswalk as (
    select * from {{ ref('crosswalk') }} where is_primary
),

concepts as (
    select * from {{ ref('concepts') }}
),

versions as (
    select * from {{ ref('stg_reference__assessed_versions') }}
),

districts as (
    {{ districts_in_build(['province_code', 'is_synthetic']) }}
),

weights as (
    select * from {{ ref('ranking_weights') }}
),

-- standards a value can be scored against; those no district can be scored on are out of
-- scope (and still counted among the framework's indicators)
scorable_standards as (
    select distinct expr_raw from {{ ref('int_expressions_read') }} where is_scorable
),

-- the indicators a district is scored on
in_scope as (
    select
        indicators.framework_id,
        indicators.version_id,
        indicators.seq,
        split_part(indicators.seq, '.', 1) as top_seq,
        scorable_standards.expr_raw is not null as is_scorable,
        versions.applies_in_province,
        coalesce(parent_concepts.domain_zh, concepts.domain_zh) as domain_zh
    from framework_indicators as indicators
    inner join versions on versions.version_id = indicators.version_id
    inner join crosswalk on crosswalk.version_id = indicators.version_id and crosswalk.seq = indicators.seq
    inner join concepts on concepts.concept_id = crosswalk.concept_id
    left join concepts as parent_concepts on parent_concepts.concept_id = concepts.parent_concept_id
    left join scorable_standards on scorable_standards.expr_raw = indicators.standard_raw
    where not indicators.is_parent
),

grid as (
    select districts.district_id, in_scope.* exclude (applies_in_province), bases.basis
    from in_scope
    cross join districts
    cross join (values ('status'), ('target')) as bases (basis)
    -- a district is scored only under the lists that apply to it
    where {{ version_applies('in_scope', 'districts.province_code', 'districts.is_synthetic') }}
),

indicator_scores as (
    select grid.*, scores.score
    from grid
    left join scores
        on scores.district_id = grid.district_id
        and scores.version_id = grid.version_id
        and scores.framework_seq = grid.seq
        and scores.basis = grid.basis
),

by_domain as (
    select
        district_id,
        framework_id,
        domain_zh as domain,
        basis,
        -- the mean score and the counts, as every ranking aggregates (macros/scoring.sql)
        {{ goal_aggregates('score', 'top_seq', 'is_scorable') }}
    from indicator_scores
    group by district_id, framework_id, domain_zh, basis
),

overall as (
    select
        by_domain.district_id,
        by_domain.framework_id,
        'overall' as domain,
        by_domain.basis,
        {{ weighted_mean('by_domain.score', 'weights.weight') }} as score,
        cast(sum(by_domain.n_scored) as integer) as n_scored,
        cast(sum(by_domain.n_in_scope) as integer) as n_in_scope,
        cast(sum(by_domain.n_indicators) as integer) as n_indicators
    from by_domain
    inner join weights on weights.domain_zh = by_domain.domain
    group by by_domain.district_id, by_domain.framework_id, by_domain.basis
),

final as (
    select
        unioned.*,
        districts.inputs_digest,
        -- the build that wrote the row: its tests check these (macros/checks.sql)
        '{{ invocation_id }}' as dbt_invocation_id
    from (
        select * from by_domain
        union all
        select * from overall
    ) as unioned
    inner join districts on districts.district_id = unioned.district_id
)

select * from final

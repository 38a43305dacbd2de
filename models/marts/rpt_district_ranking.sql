-- Districts ranked per assessed framework, per domain and overall, on their statuses and
-- on their targets. Method (docs/methodology.md §9, after the SDG Index): indicator scores
-- 0-100 (int_indicator_scores); a domain scores the mean of its indicators (equal
-- weights); overall is the weighted mean of the domains with data (seeds/ranking_weights.csv,
-- equal today). A district is
-- ranked only when its coverage (indicators with a usable score / the framework's
-- indicators in scope) reaches the threshold of seeds/ranking_settings.csv; otherwise it
-- shows as insufficient data. Ties share a rank.
with

scores as (
    select * from {{ ref('int_indicator_scores') }}
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
    select * from {{ ref('framework_versions') }} where is_assessed
),

districts as (
    select district_id from {{ ref('int_districts') }}
),

weights as (
    select * from {{ ref('ranking_weights') }}
),

settings as (
    select
        max(value) filter (where setting = 'coverage_threshold') as coverage_threshold,
        max(value) filter (where setting = 'meaningful_score_gap') as meaningful_score_gap
    from {{ ref('ranking_settings') }}
),

-- standards a value can be scored against: none set by the upper level (完成上级规定的…)
-- or only by a condition the data does not show; those no district can be scored on
scorable_standards as (
    select expr_raw
    from {{ ref('int_expressions_parsed') }}
    group by expr_raw
    having not bool_or(kind = 'upper_level')
        and bool_or(kind in ('numeric', 'range', 'qualitative') and coalesce(region_key, '') <> 'condition')
),

-- the indicators a district is scored on
in_scope as (
    select
        indicators.framework_id,
        indicators.version_id,
        indicators.seq,
        coalesce(parent_concepts.domain_zh, concepts.domain_zh) as domain_zh
    from framework_indicators as indicators
    inner join versions on versions.version_id = indicators.version_id
    inner join crosswalk on crosswalk.version_id = indicators.version_id and crosswalk.seq = indicators.seq
    inner join concepts on concepts.concept_id = crosswalk.concept_id
    left join concepts as parent_concepts on parent_concepts.concept_id = concepts.parent_concept_id
    inner join scorable_standards on scorable_standards.expr_raw = indicators.standard_raw
    where not indicators.is_parent
),

grid as (
    select districts.district_id, in_scope.*, bases.basis
    from in_scope
    cross join districts
    cross join (values ('status'), ('target')) as bases (basis)
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
        avg(score) as score,
        cast(count(score) as integer) as n_scored,
        cast(count(*) as integer) as n_indicators
    from indicator_scores
    group by district_id, framework_id, domain_zh, basis
),

overall as (
    select
        by_domain.district_id,
        by_domain.framework_id,
        'overall' as domain,
        by_domain.basis,
        sum(by_domain.score * weights.weight) / sum(weights.weight) filter (where by_domain.score is not null)
            as score,
        cast(sum(by_domain.n_scored) as integer) as n_scored,
        cast(sum(by_domain.n_indicators) as integer) as n_indicators
    from by_domain
    inner join weights on weights.domain_zh = by_domain.domain
    group by by_domain.district_id, by_domain.framework_id, by_domain.basis
),

unioned as (
    select * from by_domain
    union all
    select * from overall
),

covered as (
    select
        unioned.*,
        unioned.n_scored / unioned.n_indicators as coverage,
        unioned.n_scored / unioned.n_indicators >= settings.coverage_threshold and unioned.score is not null
            as is_ranked,
        settings.meaningful_score_gap,
        settings.coverage_threshold
    from unioned
    cross join settings
),

ranked as (
    select
        *,
        case when is_ranked then rank() over (
            partition by framework_id, domain, basis, is_ranked order by round(score, 1) desc
        ) end as rank,
        lag(score) over (partition by framework_id, domain, basis, is_ranked order by score desc)
            as score_above,
        lead(score) over (partition by framework_id, domain, basis, is_ranked order by score desc)
            as score_below,
        count(*) filter (where is_ranked) over (partition by framework_id, domain, basis) as n_ranked
    from covered
),

final as (
    select
        district_id,
        framework_id,
        domain,
        basis,
        case when is_ranked then round(score, 1) end as score,
        round(score, 1) as score_unranked,
        rank,
        round(coverage, 3) as coverage,
        n_scored,
        n_indicators,
        case when is_ranked then 'ranked' else 'insufficient_data' end as rank_status,
        case
            when not is_ranked
                then 'insufficient data: coverage ' || cast(round(100 * coverage) as integer)
                    || '% is below ' || cast(round(100 * coverage_threshold) as integer) || '%'
            when n_ranked = 1 then 'the only district with enough data'
            when least(abs(score - score_above), abs(score - score_below)) < meaningful_score_gap
                then 'within ' || cast(meaningful_score_gap as integer)
                    || ' points of the next district: not a meaningful difference'
        end as rank_note
    from ranked
)

select * from final

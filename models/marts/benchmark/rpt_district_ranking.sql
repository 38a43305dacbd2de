-- Districts ranked per assessed framework, per domain and overall, on their statuses and
-- on their targets. Method (docs/methodology.md §9, after the SDG Index): indicator scores
-- 0-100 (fct_indicator_scores); a domain scores the mean of its indicators (equal
-- weights); overall is the weighted mean of the domains with data (seeds/ranking_weights.csv,
-- equal today): fct_domain_scores. A district is
-- ranked only when its coverage (indicators with a usable score / the framework's
-- indicators in scope) reaches the threshold of seeds/ranking_settings.csv; otherwise it
-- shows as insufficient data. Ties share a rank. Each ranking is also read within the
-- district's city and province (peer groups, after OECD Regional Well-Being): the rank
-- among the ranked districts of the same city, of the same province. The coverage rule and
-- the ranks are macros/scoring.sql's, as `ecobench score` applies them.
{%- set by = ['covered.framework_id', 'covered.domain', 'covered.basis'] %}
with

domain_scores as (
    select * exclude (inputs_digest, dbt_invocation_id) from {{ ref('fct_domain_scores') }}
),

districts as (
    select
        district_id,
        city_code,
        city_zh,
        province_code,
        province_zh
    from {{ ref('int_districts') }}
),

settings as (
    select
        max(value) filter (where setting = 'coverage_threshold') as coverage_threshold,
        max(value) filter (where setting = 'meaningful_score_gap') as meaningful_score_gap
    from {{ ref('ranking_settings') }}
),

covered as (
    select
        domain_scores.*,
        domain_scores.n_scored / nullif(domain_scores.n_in_scope, 0) as coverage,
        {{ meets_coverage(
            'domain_scores.n_scored', 'domain_scores.n_in_scope', 'settings.coverage_threshold'
        ) }}
        and domain_scores.score is not null as is_ranked,
        settings.meaningful_score_gap,
        settings.coverage_threshold
    from domain_scores
    cross join settings
),

-- how many districts each ranking ranks (grouped: a window count took twice as long)
ranked_counts as (
    select
        framework_id,
        domain,
        basis,
        count(*) filter (where is_ranked) as n_ranked
    from covered
    group by framework_id, domain, basis
),

ranked as (
    select
        covered.*,
        case
            when is_ranked then {{ rank_by_score('score', by + ['covered.is_ranked']) }}
        end as rank,
        lag(score)
            over (
                partition by covered.framework_id, covered.domain, covered.basis, covered.is_ranked
                order by score desc
            )
            as score_above,
        lead(score)
            over (
                partition by covered.framework_id, covered.domain, covered.basis, covered.is_ranked
                order by score desc
            )
            as score_below,
        ranked_counts.n_ranked,
        districts.city_zh,
        districts.province_zh,
        case
            when is_ranked and districts.city_code is not null
                then {{ rank_by_score('score', by + ['covered.is_ranked', 'districts.city_code']) }}
        end as rank_in_city,
        count(*) filter (where is_ranked) over (
            partition by covered.framework_id, covered.domain, covered.basis, districts.city_code
        ) as n_ranked_in_city,
        case
            when is_ranked and districts.province_code is not null
                then {{ rank_by_score(
                    'score', by + ['covered.is_ranked', 'districts.province_code']
                ) }}
        end as rank_in_province,
        count(*) filter (where is_ranked) over (
            partition by
                covered.framework_id, covered.domain, covered.basis, districts.province_code
        ) as n_ranked_in_province
    from covered
    left join districts on covered.district_id = districts.district_id
    inner join ranked_counts
        on
            covered.framework_id = ranked_counts.framework_id
            and covered.domain = ranked_counts.domain
            and covered.basis = ranked_counts.basis
),

noted as (
    select
        district_id,
        framework_id,
        domain,
        basis,
        case when is_ranked then round(score, 1) end as score,
        round(score, 1) as score_unranked,
        rank,
        n_ranked,
        city_zh,
        rank_in_city,
        case when city_zh is not null then n_ranked_in_city end as n_ranked_in_city,
        province_zh,
        rank_in_province,
        case when province_zh is not null then n_ranked_in_province end as n_ranked_in_province,
        round(coverage, 3) as coverage,
        n_scored,
        n_in_scope,
        n_indicators,
        case when is_ranked then 'ranked' else 'insufficient_data' end as rank_status,
        case
            when not is_ranked then 'coverage_below'
            when n_ranked = 1 then 'only_ranked'
            when least(abs(score - score_above), abs(score - score_below)) < meaningful_score_gap
                then 'gap_not_meaningful'
        end as rank_note_code,
        case
            when not is_ranked
                then [
                    cast(cast(round(100 * coverage) as integer) as varchar),
                    cast(cast(round(100 * coverage_threshold) as integer) as varchar)
                ]
            else [cast(cast(meaningful_score_gap as integer) as varchar)]
        end as rank_note_args
    from ranked
),

final as (
    select
        noted.*,
        {{ text_of('rank_status', 'rank_status') }} as rank_status_zh,
        {{ say('reason', 'rank_note_code', 'rank_note_args', 'zh') }} as rank_note_zh,
        {{ say('reason', 'rank_note_code', 'rank_note_args', 'en') }} as rank_note_en
    from noted
)

select * from final

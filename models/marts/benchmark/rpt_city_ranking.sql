-- Ranking (framework × domain × basis) × city: how its districts rank, for a ranking too
-- long to read whole (the report at province scale): the districts and those ranked, the
-- best and the last (ties on rank go to the better coverage, then the district id, as the
-- ranking lists them), the median score of the ranked, and the city's position by that
-- median. A district with no city is counted under its province with no city.
with

ranking as (
    select * from {{ ref('rpt_district_ranking') }}
),

districts as (
    select
        district_id,
        name_zh
    from {{ ref('dim_district') }}
),

ordered as (
    select
        ranking.framework_id,
        ranking.domain,
        ranking.basis,
        ranking.province_zh,
        ranking.city_zh,
        ranking.district_id,
        coalesce(districts.name_zh, ranking.district_id) as district_name_zh,
        ranking.rank,
        ranking.score,
        row_number() over (
            partition by
                ranking.framework_id, ranking.domain, ranking.basis,
                ranking.province_zh, ranking.city_zh, ranking.rank is null
            order by ranking.rank asc, ranking.coverage desc, ranking.district_id asc
        ) as from_best,
        row_number() over (
            partition by
                ranking.framework_id, ranking.domain, ranking.basis,
                ranking.province_zh, ranking.city_zh, ranking.rank is null
            order by ranking.rank desc, ranking.coverage asc, ranking.district_id desc
        ) as from_last
    from ranking
    left join districts on ranking.district_id = districts.district_id
),

cities as (
    select
        framework_id,
        domain,
        basis,
        province_zh,
        city_zh,
        count(*) as n_districts,
        count(rank) as n_ranked,
        any_value(district_id) filter (where rank is not null and from_best = 1)
            as best_district_id,
        any_value(district_name_zh) filter (where rank is not null and from_best = 1)
            as best_name_zh,
        any_value(rank) filter (where rank is not null and from_best = 1) as best_rank,
        any_value(district_id) filter (where rank is not null and from_last = 1)
            as last_district_id,
        any_value(district_name_zh) filter (where rank is not null and from_last = 1)
            as last_name_zh,
        any_value(rank) filter (where rank is not null and from_last = 1) as last_rank,
        median(score) filter (where rank is not null) as median_score
    from ordered
    group by framework_id, domain, basis, province_zh, city_zh
),

final as (
    select
        *,
        case when median_score is not null then rank() over (
            partition by framework_id, domain, basis, median_score is null
            order by median_score desc
        ) end as rank_by_median
    from cities
)

select * from final

-- How far apart the best and the worst are, after OECD Regional Well-Being: for every
-- ranking (framework × domain × basis), across all districts, within each province and
-- within each city, the mean score of the best fifth of the ranked districts, of the worst
-- fifth, and their difference (points) and ratio. A group of fewer than five ranked
-- districts has no fifths: its row says so (n_ranked, fifths null).
with

ranked as (
    select * from {{ ref('rpt_district_ranking') }}
    where rank is not null
),

scoped as (
    select
        'all' as scope,
        'all' as scope_name,
        *
    from ranked
    union all by name
    select
        'province' as scope,
        province_zh as scope_name,
        *
    from ranked
    where province_zh is not null
    union all by name
    select
        'city' as scope,
        city_zh as scope_name,
        *
    from ranked
    where city_zh is not null
),

fifths as (
    select
        *,
        ntile(5) over (
            partition by scope, scope_name, framework_id, domain, basis
            order by score desc, district_id asc
        ) as fifth,
        count(*) over (partition by scope, scope_name, framework_id, domain, basis) as n_ranked
    from scoped
),

final as (
    select
        scope,
        scope_name,
        framework_id,
        domain,
        basis,
        any_value(n_ranked) as n_ranked,
        case when any_value(n_ranked) >= 5 then round(avg(score) filter (where fifth = 1), 1) end
            as best_fifth_score,
        case when any_value(n_ranked) >= 5 then round(avg(score) filter (where fifth = 5), 1) end
            as worst_fifth_score,
        case when any_value(n_ranked) >= 5 then round(
            avg(score) filter (where fifth = 1) - avg(score) filter (where fifth = 5), 1
        ) end as disparity_points,
        case when any_value(n_ranked) >= 5 then round(
            avg(score) filter (where fifth = 1)
            / nullif(avg(score) filter (where fifth = 5), 0), 2
        ) end as disparity_ratio
    from fifths
    group by scope, scope_name, framework_id, domain, basis
)

select * from final

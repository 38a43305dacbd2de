-- District × framework: how many of its targets are on track, by class, the binding
-- indicators separately; the share on track among those that can be classed (n_classed:
-- the targets less those with insufficient data, printed beside the share), and the
-- district's position by that share across all districts, within its city and within its
-- province (peer groups, after OECD Regional Well-Being). Own targets count under the
-- framework whose table printed them, or local_plan. A target is one indicator's target
-- for one year: n_targets counts targets, n_indicators the indicators they are of;
-- main_progress_class the class most of them are in.
with

progress as (
    select * from {{ ref('rpt_progress') }}
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

counts as (
    select
        district_id,
        framework_id,
        count(*) as n_targets,
        count(distinct concept_id || '|' || definition_id || '|' || is_change) as n_indicators,
        count(*) filter (where progress_class = 'on_track') as n_on_track,
        count(*) filter (where progress_class = 'moderately_improving')
            as n_moderately_improving,
        count(*) filter (where progress_class = 'stagnating') as n_stagnating,
        count(*) filter (where progress_class = 'decreasing') as n_decreasing,
        count(*) filter (where progress_class = 'off_track_now') as n_off_track_now,
        count(*) filter (where progress_class = 'insufficient_data') as n_insufficient_data,
        count(*) filter (where progress_class <> 'insufficient_data') as n_classed,
        count(*) filter (where is_binding) as n_binding,
        count(*) filter (where is_binding and progress_class = 'on_track')
            as n_binding_on_track,
        count(*) filter (
            where is_binding
            and progress_class in (
                'moderately_improving', 'stagnating', 'decreasing', 'off_track_now'
            )
        ) as n_binding_off_track,
        count(*) filter (where is_binding and progress_class = 'insufficient_data')
            as n_binding_insufficient_data
    from progress
    group by district_id, framework_id
),

shares as (
    select
        counts.*,
        round(counts.n_on_track / nullif(counts.n_classed, 0), 3) as share_on_track,
        districts.city_code,
        districts.city_zh,
        districts.province_code,
        districts.province_zh
    from counts
    left join districts on counts.district_id = districts.district_id
),

main_class as (
    -- the class most of its classed targets are in (the better class on a tie): the arrow
    -- a ranking shows beside the district
    select
        *,
        case greatest(
            n_on_track, n_moderately_improving, n_stagnating, n_decreasing, n_off_track_now
        )
            when 0 then null
            when n_on_track then 'on_track'
            when n_moderately_improving then 'moderately_improving'
            when n_stagnating then 'stagnating'
            when n_decreasing then 'decreasing'
            else 'off_track_now'
        end as main_progress_class
    from shares
),

final as (
    select
        * exclude (city_code, province_code),
        {{ text_of('progress_class', 'main_progress_class') }} as main_progress_class_zh,
        {{ text_of('progress_class', 'main_progress_class', 'en') }} as main_progress_class_en,
        case when share_on_track is not null then rank() over (
            partition by framework_id, share_on_track is null order by share_on_track desc
        ) end as rank_on_track,
        case when share_on_track is not null and city_code is not null then rank() over (
            partition by framework_id, share_on_track is null, city_code
            order by share_on_track desc
        ) end as rank_on_track_in_city,
        case when share_on_track is not null and province_code is not null then rank() over (
            partition by framework_id, share_on_track is null, province_code
            order by share_on_track desc
        ) end as rank_on_track_in_province
    from main_class
)

select * from final

{#-
    The scoring of every ranking, after the SDSN SDG Index (docs/methodology.md §9), in one
    place: an indicator normalised 0-100 between bounds; a goal (domain) as the mean of its
    indicators; an index as the weighted mean of the goals; the coverage rule; the missing-goal
    rule; ranks. fct_indicator_scores, fct_domain_scores and rpt_district_ranking call the
    pieces; `ecobench score` renders this same file with plain Jinja (src/ecobench/scoring.py)
    and runs score_units() on its CSVs in DuckDB. So: plain Jinja only, no ref(), no adapter.
-#}

{#- 100 at `best`, 0 at `worst`, linear and capped in between: where lower is better `best`
    is the smaller number, so one formula serves both directions (SDG Index: the optimum
    and the lower bound; a district's standard and its lower bound) -#}
{% macro score_between(value, worst, best) -%}
    case
        when {{ value }} is not null
            then greatest(0.0, least(100.0, 100.0 * ({{ value }} - {{ worst }}) / ({{ best }} - {{ worst }})))
    end
{%- endmacro %}

{#- the aggregates of a goal (domain) over its indicators' rows, for a `group by` of the
    unit and goal: the mean score (weighted when `weight` is given), and the indicators
    counted as `counted_as` names them (a district's 15.1 and 15.2 count as 15): scored, in
    scope (applicable and scorable), in all -#}
{% macro goal_aggregates(score, counted_as, is_in_scope, weight=none) -%}
    {% if weight is none -%}
        avg({{ score }})
    {%- else -%}
        {{ weighted_mean(score, weight) }}
    {%- endif %} as score,
    cast(count(distinct {{ counted_as }}) filter (where {{ score }} is not null) as integer)
        as n_scored,
    cast(count(distinct {{ counted_as }}) filter (where {{ is_in_scope }}) as integer)
        as n_in_scope,
    cast(count(distinct {{ counted_as }}) as integer) as n_indicators
{%- endmacro %}

{#- the mean of the rows with a score, each weighted: goals into an index, indicators into
    a goal when the bounds give weights -#}
{% macro weighted_mean(score, weight) -%}
    sum({{ score }} * {{ weight }}) / sum({{ weight }}) filter (where {{ score }} is not null)
{%- endmacro %}

{#- the coverage rule: a share of the indicators in scope scored, at least the threshold
    (SDG Index: no score with more than 20% of the data missing) -#}
{% macro meets_coverage(n_scored, n_in_scope, threshold) -%}
    {{ n_scored }} / nullif({{ n_in_scope }}, 0) >= {{ threshold }}
{%- endmacro %}

{#- ties share a rank; scores compared as published, rounded to `digits` -#}
{% macro rank_by_score(score, partition_by, digits=1) -%}
    rank() over (
        partition by {{ partition_by | join(', ') }}
        order by round({{ score }}, {{ digits }}) desc
    )
{%- endmacro %}

{#- The whole method on plain tables, what `ecobench score` runs. Takes relations (names):
    bounds (indicator_code, goal, lower, upper, direction, weight), indicator_values
    (unit_id, indicator_code, value, is_applicable), regions (unit_id, region) and settings
    (setting, value). Gives one row per unit and goal and per unit for goal = 'index':
    score, coverage, n_scored, n_in_scope, is_scored, rank.
    Settings (absent = the districts' rules): coverage_threshold; unit_coverage (1: a unit
    below the threshold over all its indicators gets no goal or index score, the SDG Index;
    0: each goal by its own coverage); goal_min_applicable_share (a goal applying to a unit
    by less than this share of its indicators has no score for it: Goal 14 for a landlocked
    country); fill_missing_goals (1: a goal without a score enters the index at the mean of
    the unit's region, the SDG Index; 0: the index is over the goals with a score);
    rank_digits. level='indicators' gives the indicator scores instead (unit × indicator). -#}
{% macro score_units(bounds, indicator_values, regions, settings, level='goals') %}
with

settings as (
    select
        coalesce(max(value) filter (where setting = 'coverage_threshold'), 0.8) as coverage_threshold,
        coalesce(max(value) filter (where setting = 'unit_coverage'), 0) = 1 as unit_coverage,
        coalesce(max(value) filter (where setting = 'goal_min_applicable_share'), 0)
            as goal_min_applicable_share,
        coalesce(max(value) filter (where setting = 'fill_missing_goals'), 0) = 1 as fill_missing_goals,
        cast(coalesce(max(value) filter (where setting = 'rank_digits'), 1) as integer) as rank_digits
    from {{ settings }}
),

bounds as (
    select
        *,
        case when direction = 'lower_is_better' then upper else lower end as worst,
        case when direction = 'lower_is_better' then lower else upper end as best
    from {{ bounds }}
),

units as (
    select distinct unit_id from {{ indicator_values }}
),

-- every unit × every indicator: an indicator without a value is missing data, not a zero
grid as (
    select
        units.unit_id,
        bounds.indicator_code,
        bounds.goal,
        bounds.weight,
        indicator_values.value,
        coalesce(indicator_values.is_applicable, true) as is_applicable,
        case
            when coalesce(indicator_values.is_applicable, true)
                then {{ score_between('indicator_values.value', 'bounds.worst', 'bounds.best') }}
        end as score
    from units
    cross join bounds
    left join {{ indicator_values }} as indicator_values
        on indicator_values.unit_id = units.unit_id
        and indicator_values.indicator_code = bounds.indicator_code
),

goals as (
    select
        unit_id,
        goal,
        {{ goal_aggregates('score', 'indicator_code', 'is_applicable', 'weight') }}
    from grid
    group by unit_id, goal
),

unit_coverages as (
    select unit_id, sum(n_scored) / nullif(sum(n_in_scope), 0) as coverage
    from goals
    group by unit_id
),

goals_ruled as (
    select
        goals.*,
        goals.n_scored / nullif(goals.n_in_scope, 0) as coverage,
        coalesce(goals.score is not null
        and goals.n_in_scope > 0
        and goals.n_in_scope >= settings.goal_min_applicable_share * goals.n_indicators
        and case
            when settings.unit_coverage then unit_coverages.coverage >= settings.coverage_threshold
            else {{ meets_coverage('goals.n_scored', 'goals.n_in_scope', 'settings.coverage_threshold') }}
        end, false) as is_scored
    from goals
    inner join unit_coverages on unit_coverages.unit_id = goals.unit_id
    cross join settings
),

region_means as (
    select regions.region, goals_ruled.goal, avg(goals_ruled.score) as region_score
    from goals_ruled
    inner join {{ regions }} as regions on regions.unit_id = goals_ruled.unit_id
    where goals_ruled.is_scored
    group by regions.region, goals_ruled.goal
),

-- a goal enters the index with its score, or its region's mean where the settings say so
index_inputs as (
    select
        goals_ruled.unit_id,
        goals_ruled.n_scored,
        goals_ruled.n_in_scope,
        case
            when goals_ruled.is_scored then goals_ruled.score
            when settings.fill_missing_goals then region_means.region_score
            -- the districts' rule: the index is over the goals with data
            else goals_ruled.score
        end as score,
        1.0 as weight
    from goals_ruled
    cross join settings
    left join {{ regions }} as regions on regions.unit_id = goals_ruled.unit_id
    left join region_means
        on region_means.region = regions.region and region_means.goal = goals_ruled.goal
),

indexes as (
    select
        index_inputs.unit_id,
        'index' as goal,
        {{ weighted_mean('index_inputs.score', 'index_inputs.weight') }} as score,
        cast(sum(index_inputs.n_scored) as integer) as n_scored,
        cast(sum(index_inputs.n_in_scope) as integer) as n_in_scope,
        unit_coverages.coverage
    from index_inputs
    inner join unit_coverages on unit_coverages.unit_id = index_inputs.unit_id
    group by index_inputs.unit_id, unit_coverages.coverage
),

indexes_ruled as (
    select
        indexes.*,
        coalesce(indexes.score is not null
        and {{ meets_coverage('indexes.n_scored', 'indexes.n_in_scope', 'settings.coverage_threshold') }}, false)
            as is_scored
    from indexes
    cross join settings
),

scored as (
    select unit_id, goal, score, coverage, n_scored, n_in_scope, is_scored from goals_ruled
    union all
    select unit_id, goal, score, coverage, n_scored, n_in_scope, is_scored from indexes_ruled
),

ranked as (
    select
        scored.unit_id,
        scored.goal,
        case when scored.is_scored then scored.score end as score,
        scored.coverage,
        scored.n_scored,
        scored.n_in_scope,
        scored.is_scored,
        case when scored.is_scored then {{ rank_by_score('scored.score', ['scored.goal', 'scored.is_scored'], 'settings.rank_digits') }} end
            as rank
    from scored
    cross join settings
),

indicator_scores as (
    select unit_id, indicator_code, goal, value, is_applicable, score from grid
),

final as (
    select * from {{ 'indicator_scores' if level == 'indicators' else 'ranked' }}
)

select * from final
{% endmacro %}

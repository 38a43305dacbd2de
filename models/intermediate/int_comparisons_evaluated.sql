-- The verdict of each comparison: 'met', 'not_met' or 'not_evaluable', with the reason.
-- Every applicable part of the standard must hold (且, line breaks); the parts that apply
-- are those without a region and those of the district's terrain or economic region.
--   numeric part   the value's first number, both in canonical units, against the
--                  comparator; a bare number means "at least" where higher is better and
--                  "at most" where lower is better; a change standard (ΔEQI≥-1, 下降幅度)
--                  takes only a change value, a level standard only a level;
--   qualitative    the value must state the same term (已建立 for 建立); a negative term
--                  (制定中 for 制定实施) fails it; silence leaves it open;
--   upper level    (完成上级规定的目标任务) the target is not printed: not evaluable.
-- Different definitions of one lineage (EI and EQI, 森林 and 林草覆盖率) are never compared.
-- A table, not a view: three marts and eight data tests read it, and as a view it was
-- evaluated eleven times a build, 0.4 s each (docs/performance.md).
{{ config(materialized='table') }}

with

pairs as (
    select * from {{ ref('int_comparisons_paired') }}
),

parts as (
    select * from {{ ref('int_expressions_parsed') }}
),

units as (
    select * from {{ ref('units') }}
),

concepts as (
    select * from {{ ref('concepts') }}
),

value_sides as (
    select
        pairs.comparison_id,
        arg_min(parts.value_num, parts.part_no) filter (where parts.kind in ('numeric', 'range'))
            as value_num,
        arg_min(parts.unit_printed, parts.part_no) filter (
            where parts.kind in ('numeric', 'range')
        ) as unit_printed,
        list(distinct parts.term_code) filter (
            where parts.kind = 'qualitative' and not parts.term_is_negative
        )
            as terms_stated,
        list(distinct parts.term_code) filter (
            where parts.kind = 'qualitative' and parts.term_is_negative
        )
            as terms_denied
    from pairs
    left join parts on pairs.value_raw = parts.expr_raw
    group by pairs.comparison_id
),

standard_parts as (
    select
        pairs.comparison_id,
        parts.* replace (parts.is_change or coalesce(pairs.standard_is_change, false) as is_change),
        -- a terrain variant where the district's terrain is unknown: judged against each
        coalesce(parts.region_key in ({{ terrain_keys() }}), false) and pairs.terrain_key is null
            as is_terrain_open,
        parts.region_key is null
        or parts.region_key in (pairs.terrain_key, pairs.economic_region_key)
        or (parts.region_key in ({{ terrain_keys() }}) and pairs.terrain_key is null) as applies,
        count(parts.region_key) over (partition by pairs.comparison_id) as n_region_parts
    from pairs
    inner join parts on pairs.standard_raw = parts.expr_raw
    where parts.kind <> 'text' or parts.region_key is not null
),

scaled as (
    select
        standard_parts.*,
        -- a level against a change standard, with the level of the year before printed too:
        -- the change of the two is judged
        standard_parts.is_change
        and not pairs.value_is_change
        and pairs.base_value_num is not null as is_computed_change,
        pairs.base_period_year,
        pairs.base_source,
        pairs.value_is_change or is_computed_change as value_is_change,
        pairs.direction,
        value_sides.value_num as value_seen,
        value_sides.terms_stated,
        value_sides.terms_denied,
        coalesce(pairs.value_unit, value_sides.unit_printed) as value_unit,
        coalesce(standard_parts.unit_printed, pairs.standard_unit) as standard_unit,
        case
            when is_computed_change
                then {{ change_unit('standard_units.canonical_unit',
                    'coalesce(value_units.canonical_unit, concepts.canonical_unit)') }}
            else value_units.canonical_unit
        end as value_canonical_unit,
        standard_units.canonical_unit as standard_canonical_unit,
        case
            when is_computed_change
                then {{ change_of_levels(
                    'value_sides.value_num * coalesce(value_units.factor_to_canonical, 1)',
                    'pairs.base_value_num * coalesce(value_units.factor_to_canonical, 1)',
                    'standard_parts.change_direction', 'standard_units.canonical_unit',
                    'coalesce(value_units.canonical_unit, concepts.canonical_unit)') }}
            else value_sides.value_num * coalesce(value_units.factor_to_canonical, 1)
        end as value_scaled,
        is_computed_change and value_scaled is null as is_change_unknown,
        standard_parts.value_num * coalesce(standard_units.factor_to_canonical, 1) as threshold,
        standard_parts.value_high
        * coalesce(standard_units.factor_to_canonical, 1) as threshold_high,
        {{ effective_comparator('standard_parts.comparator', 'standard_parts.is_change',
            'standard_parts.change_direction', 'pairs.direction') }} as effective_comparator
    from standard_parts
    inner join pairs on standard_parts.comparison_id = pairs.comparison_id
    inner join value_sides on standard_parts.comparison_id = value_sides.comparison_id
    left join units as value_units
        on value_units.unit = coalesce(pairs.value_unit, value_sides.unit_printed)
    left join units as standard_units
        on standard_units.unit = coalesce(standard_parts.unit_printed, pairs.standard_unit)
    left join concepts on pairs.concept_id = concepts.concept_id
    where standard_parts.applies
),

compared as (
    select
        *,
        {{ satisfies('value_scaled', 'effective_comparator', 'threshold', 'threshold_high') }}
            as verdict_met,
        -- a change computed relative to its base reads in %
        case when is_computed_change and value_canonical_unit = '%' then '%' else '' end
            as relative_mark,
        value_seen is not null
        and is_change = value_is_change
        and coalesce(value_canonical_unit, standard_canonical_unit, '')
        = coalesce(standard_canonical_unit, value_canonical_unit, '') as verdict_comparable
    from scaled
),

part_verdicts as (
    select
        comparison_id,
        part_no,
        is_terrain_open,
        coalesce(region_label, part_text) as region_label,
        case when kind in ('numeric', 'range') and verdict_comparable then value_scaled end
            as value_scaled,
        case when kind in ('numeric', 'range') and verdict_comparable then threshold end
            as threshold,
        effective_comparator,
        case
            when kind = 'upper_level' then 'not_evaluable'
            when kind in ('numeric', 'range') and value_seen is null then 'not_evaluable'
            when kind in ('numeric', 'range') and is_change_unknown then 'not_evaluable'
            when kind in ('numeric', 'range') and is_change <> value_is_change then 'not_evaluable'
            when
                kind in ('numeric', 'range')
                and coalesce(value_canonical_unit, standard_canonical_unit, '')
                <> coalesce(standard_canonical_unit, value_canonical_unit, '')
                then 'not_evaluable'
            when kind in ('numeric', 'range') and verdict_met then 'met'
            when kind in ('numeric', 'range') then 'not_met'
            when kind = 'qualitative' and list_contains(terms_denied, term_code) then 'not_met'
            when kind = 'qualitative' and list_contains(terms_stated, term_code) then 'met'
            else 'not_evaluable'
        end as verdict,
        case
            when kind = 'upper_level' then 'standard_upper_level'
            when kind in ('numeric', 'range') and value_seen is null then 'value_no_number'
            when kind in ('numeric', 'range') and is_change_unknown then 'change_not_computable'
            when
                kind in ('numeric', 'range') and is_change and not value_is_change
                then 'standard_change_value_level'
            when
                kind in ('numeric', 'range') and not is_change and value_is_change
                then 'standard_level_value_change'
            when
                kind in ('numeric', 'range')
                and coalesce(value_canonical_unit, standard_canonical_unit, '')
                <> coalesce(standard_canonical_unit, value_canonical_unit, '')
                then 'units_differ'
            when kind in ('numeric', 'range') and is_computed_change and verdict_met
                then 'change_satisfies'
            when kind in ('numeric', 'range') and is_computed_change then 'change_does_not_satisfy'
            when kind in ('numeric', 'range') and verdict_met then 'value_satisfies'
            when kind in ('numeric', 'range') then 'value_does_not_satisfy'
            when
                kind = 'qualitative' and list_contains(terms_denied, term_code)
                then 'value_denies'
            when
                kind = 'qualitative' and list_contains(terms_stated, term_code)
                then 'value_states'
            when kind = 'qualitative' then 'value_does_not_state'
            else 'standard_part_not_understood'
        end as reason_code,
        case
            when kind in ('numeric', 'range') and is_change_unknown then [part_text]
            when
                kind in ('numeric', 'range')
                and value_seen is not null
                and is_change = value_is_change
                and coalesce(value_canonical_unit, standard_canonical_unit, '')
                <> coalesce(standard_canonical_unit, value_canonical_unit, '')
                then [coalesce(value_unit, '?'), coalesce(standard_unit, '?')]
            when
                kind in ('numeric', 'range')
                and value_seen is not null
                and is_change = value_is_change
                then
                    [
                        cast(value_scaled as varchar) || relative_mark,
                        effective_comparator || ' ' || cast(threshold as varchar)
                        || coalesce(' .. ' || cast(threshold_high as varchar), '')
                        || relative_mark
                    ]
                    -- a change computed from two levels: the base year and its source
                    || case
                        when is_computed_change
                            then [cast(base_period_year as varchar), base_source]
                        else cast([] as varchar[])
                    end
            else [part_text]
        end as reason_args
    from compared
),

part_reasons as (
    select
        *,
        {{ say('reason', 'reason_code', 'reason_args', 'zh') }} as reason_zh,
        {{ say('reason', 'reason_code', 'reason_args', 'en') }} as reason_en
    from part_verdicts
),

standard_parts_all as (
    select distinct
        comparison_id,
        n_region_parts
    from standard_parts
),

aggregated as (
    select
        pairs.comparison_id,
        case
            when pairs.value_definition_id <> pairs.standard_definition_id then 'not_evaluable'
            when
                max(standard_parts_all.n_region_parts) > 0 and count(part_verdicts.part_no) = 0
                then 'not_evaluable'
            when count(part_verdicts.part_no) = 0 then 'not_evaluable'
            when bool_or(part_verdicts.verdict = 'not_met' and not part_verdicts.is_terrain_open)
                then 'not_met'
            when bool_and(part_verdicts.verdict = 'not_met') filter (
                where part_verdicts.is_terrain_open
            ) then 'not_met'
            when bool_and(part_verdicts.verdict = 'met') then 'met'
            when
                bool_or(part_verdicts.verdict = 'met') filter (where part_verdicts.is_terrain_open)
                and bool_or(part_verdicts.verdict = 'not_met') filter (
                    where part_verdicts.is_terrain_open
                ) then 'depends_on_terrain'
            else 'not_evaluable'
        end as verdict,
        -- the reason: its own text (a code and its arguments), or the parts that decide
        -- the verdict, after a prefix or alone (then the code and arguments are the first
        -- part's); each part's text is already in both languages
        case
            when pairs.value_definition_id <> pairs.standard_definition_id
                then 'definitions_differ'
            when max(standard_parts_all.n_region_parts) > 0 and count(part_verdicts.part_no) = 0
                then 'no_variant_for_region'
            when count(part_verdicts.part_no) = 0 then 'standard_not_understood'
            when bool_or(part_verdicts.verdict = 'not_met' and not part_verdicts.is_terrain_open)
                then 'not_met'
            when
                bool_and(part_verdicts.verdict = 'not_met') filter (
                    where part_verdicts.is_terrain_open
                )
                then 'terrain_no_variant_met'
            when bool_and(part_verdicts.verdict = 'met') and bool_or(part_verdicts.is_terrain_open)
                then 'terrain_every_variant_met'
            when
                bool_or(part_verdicts.verdict = 'met') filter (where part_verdicts.is_terrain_open)
                and bool_or(part_verdicts.verdict = 'not_met') filter (
                    where part_verdicts.is_terrain_open
                )
                then 'terrain_depends'
            when bool_or(part_verdicts.verdict = 'not_met') then 'not_met'
            when bool_and(part_verdicts.verdict = 'met') then 'met'
            else 'not_evaluable'
        end as reason_form,
        [pairs.value_definition_id, pairs.standard_definition_id] as definitions,
        [
            coalesce(max(pairs.terrain_key), 'terrain_unknown'),
            coalesce(max(pairs.economic_region_key), 'region_unknown')
        ] as regions,
        [
            string_agg(part_verdicts.region_label, '、' order by part_verdicts.part_no) filter (
                where part_verdicts.is_terrain_open and part_verdicts.verdict = 'met'
            ),
            string_agg(part_verdicts.region_label, '、' order by part_verdicts.part_no) filter (
                where part_verdicts.is_terrain_open and part_verdicts.verdict = 'not_met'
            )
        ] as terrains,
        {%- for verdict in ['met', 'not_met', 'not_evaluable'] %}
            arg_min(part_verdicts.reason_code, part_verdicts.part_no) filter (
                where part_verdicts.verdict = '{{ verdict }}'
            ) as first_{{ verdict }}_code,
            arg_min(part_verdicts.reason_args, part_verdicts.part_no) filter (
                where part_verdicts.verdict = '{{ verdict }}'
            ) as first_{{ verdict }}_args,
            {%- for lang in ['zh', 'en'] %}
                string_agg(
                    part_verdicts.reason_{{ lang }}, '; ' order by part_verdicts.part_no
                ) filter (
                    where part_verdicts.verdict = '{{ verdict }}'
                ) as {{ verdict }}_{{ lang }},
            {%- endfor %}
        {%- endfor %}
        {%- for lang in ['zh', 'en'] %}
            string_agg(part_verdicts.reason_{{ lang }}, '; ' order by part_verdicts.part_no)
                as all_{{ lang }},
        {%- endfor %}
        -- the comparison a score is computed from: the first numeric part that applies
        arg_min(part_verdicts.value_scaled, part_verdicts.part_no)
        filter (where part_verdicts.threshold is not null) as value_scaled,
        arg_min(part_verdicts.threshold, part_verdicts.part_no)
        filter (where part_verdicts.threshold is not null) as threshold,
        arg_min(part_verdicts.effective_comparator, part_verdicts.part_no)
        filter (where part_verdicts.threshold is not null) as comparator
    from pairs
    left join standard_parts_all on pairs.comparison_id = standard_parts_all.comparison_id
    left join part_reasons as part_verdicts
        on pairs.comparison_id = part_verdicts.comparison_id
    group by pairs.comparison_id, pairs.value_definition_id, pairs.standard_definition_id
),

reasons as (
    select
        * exclude (definitions, regions, terrains),
        case reason_form
            when 'definitions_differ' then definitions
            when 'no_variant_for_region' then regions
            when 'terrain_depends' then terrains
            when 'not_met' then first_not_met_args
            when 'met' then first_met_args
            when 'not_evaluable' then first_not_evaluable_args
            else cast([] as varchar[])
        end as reason_args,
        case reason_form
            when 'not_met' then first_not_met_code
            when 'met' then first_met_code
            when 'not_evaluable' then first_not_evaluable_code
            else reason_form
        end as reason_code
    from aggregated
),

final as (
    select
        comparison_id,
        verdict,
        reason_code,
        reason_args,
        {%- for lang in ['zh', 'en'] %}
            case reason_form
                when 'not_met' then not_met_{{ lang }}
                when 'met' then met_{{ lang }}
                when 'not_evaluable' then not_evaluable_{{ lang }}
                when 'terrain_no_variant_met'
                    then {{ say('reason', 'reason_form', '[not_met_' ~ lang ~ ']', lang) }}
                when 'terrain_every_variant_met'
                    then {{ say('reason', 'reason_form', '[all_' ~ lang ~ ']', lang) }}
                else {{ say('reason', 'reason_code', 'reason_args', lang) }}
            end as reason_{{ lang }},
        {%- endfor %}
        value_scaled,
        threshold,
        comparator
    from reasons
)

select * from final

{#- How a standard's part is read, shared by the document comparisons
    (int_comparisons_evaluated) and the submitted values (fct_submission_verdicts). -#}

{#- A bare number means "at least" where higher is better and "at most" where lower is
    better; an "about" (~) or "=" change standard (提高幅度, 降低) means at least the change. -#}
{% macro effective_comparator(comparator, is_change, change_direction, direction) -%}
case
    when {{ comparator }} in ('=', '~') and {{ is_change }}
        and {{ change_direction }} in ('increase', 'decrease') then '>='
    when {{ comparator }} in ('=', '~') and {{ direction }} = 'higher' then '>='
    when {{ comparator }} in ('=', '~') and {{ direction }} = 'lower' then '<='
    when {{ comparator }} = '~' then '='
    else {{ comparator }}
end
{%- endmacro %}

{#- Whether a value satisfies a comparator against a threshold (a range: both ends). -#}
{% macro satisfies(value, comparator, threshold, threshold_high) -%}
coalesce(case {{ comparator }}
    when '>=' then {{ value }} >= {{ threshold }}
    when '>' then {{ value }} > {{ threshold }}
    when '<=' then {{ value }} <= {{ threshold }}
    when '<' then {{ value }} < {{ threshold }}
    when '=' then {{ value }} = {{ threshold }}
    when 'between' then {{ value }} between {{ threshold }} and {{ threshold_high }}
end, false)
{%- endmacro %}

{#- The region keys of a standard's terrain variants (ingest/values.py TERRAIN_KEYS): where a
    district's terrain is unknown, its value is judged against each of them. -#}
{% macro terrain_keys() -%}
'plain', 'hill', 'mountain', 'alpine'
{%- endmacro %}

{#- The change of two levels (both in canonical units) in a change standard's terms: the
    decrease where the standard is a decrease (下降15%: base − value), else value − base;
    relative, in % of the base, where the standard is in % and the level is not (单位GDP能耗
    较上年下降15%: 0.50 → 0.40 is a decrease of 20%); in the level's own units otherwise
    (ΔEQI≥-1; 个百分点 of a level in %). Null where it cannot be told: a change in % of a
    level that is itself in % (relative or points, the standard does not say), or a
    relative change from a level of 0. Its unit: change_unit below. -#}
{% macro change_of_levels(value, base, change_direction, standard_unit, level_unit) -%}
case when {{ change_direction }} = 'decrease' then -1 else 1 end
* case
    when {{ standard_unit }} = '%' and coalesce({{ level_unit }}, '') = '%' then null
    when {{ standard_unit }} = '%'
        then round(100 * ({{ value }} - {{ base }}) / nullif(abs({{ base }}), 0), 6)
    else round({{ value }} - {{ base }}, 6)
end
{%- endmacro %}

{#- The canonical unit of change_of_levels: % where it is relative, the standard's points
    (个百分点) of a level in %, else the level's. -#}
{% macro change_unit(standard_unit, level_unit) -%}
case
    when {{ standard_unit }} = '%' and coalesce({{ level_unit }}, '') <> '%' then '%'
    when {{ standard_unit }} = '个百分点' and coalesce({{ level_unit }}, '%') = '%' then '个百分点'
    else {{ level_unit }}
end
{%- endmacro %}

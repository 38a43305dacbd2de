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

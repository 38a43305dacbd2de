{#- What the marts say to a reader: a code and its arguments in the model, the Chinese and
    English texts in seeds/reason_texts.csv (staged with the frameworks' short names as
    stg_reference__texts), with placeholders: {1}..{6} for the arguments as given, {t1} and
    {t2} for an argument that is itself a code of the domain `term` (a region key, a
    framework, a source kind), shown in the same language. No output translates text: each
    reads the *_zh and *_en columns built here. -#}

{#- The text of a code of a domain in one language (NULL for a code without one): the
    domain's texts as one map, built once by an uncorrelated subquery, looked up by the
    code. A subquery correlated on the code was planned as a join of its own for every
    lookup: with its seven, fct_submission_verdicts took 11.4 s against 4.6 s with the map at
    3,000 districts (docs/performance.md). -#}
{% macro text_of(domain, code, lang='zh') -%}
(
    select map(list(texts.code), list(texts.{{ lang }}))
    from {{ ref('stg_reference__texts') }} as texts
    where texts.domain = '{{ domain }}'
)[{{ code }}]
{%- endmacro %}

{#- The text of a code with its arguments (a varchar[] expression), in one language. -#}
{% macro say(domain, code, args, lang='zh') -%}
{#- a namespace: a variable set inside a loop is the loop's own in Jinja -#}
{%- set built = namespace(text=text_of(domain, code, lang)) -%}
{%- for n in range(1, 3) %}
    {%- set built.text = "replace(" ~ built.text ~ ", '{t" ~ n ~ "}', coalesce("
        ~ text_of('term', '(' ~ args ~ ')[' ~ n ~ ']', lang) ~ ", (" ~ args ~ ")[" ~ n ~ "], ''))" -%}
{%- endfor %}
{%- for n in range(1, 7) %}
    {%- set built.text = "replace(" ~ built.text ~ ", '{" ~ n ~ "}', coalesce((" ~ args ~ ")[" ~ n ~ "], ''))" -%}
{%- endfor %}
{{- built.text -}}
{%- endmacro %}

{#- A reason's four columns: `prefix`_code, `prefix`_args (the arguments, as printed or
    computed, in no language), `prefix`_zh and `prefix`_en. -#}
{% macro reason_columns(domain, code, args, prefix='reason') -%}
    {{ code }} as {{ prefix }}_code,
    {{ args }} as {{ prefix }}_args,
    {{ say(domain, code, args, 'zh') }} as {{ prefix }}_zh,
    {{ say(domain, code, args, 'en') }} as {{ prefix }}_en
{%- endmacro %}

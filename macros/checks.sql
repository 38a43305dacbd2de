{#- Checks run where the rows are. The large incremental models stamp each row they write
    with dbt_invocation_id, and a test checks the rows of this invocation: an incremental build
    (warehouse.dbt_build on a copy of the published warehouse) the rows it wrote, not the
    millions an earlier build wrote and tested; a build from scratch every row, as it wrote
    them all. `ecobench refresh --full-checks` (the var full_checks) tests every row of an
    incremental build: then the filter is `true`. No var on an ordinary build: a change of
    vars makes dbt parse the whole project again (3.5 s here).

    Scoped (`config: {where: "__rows_of_this_build__"}` in the models' yml), where the truth
    of a row's check is the row's own: not_null, accepted_values, an expression over the
    row, a relationship from the row to a table that keeps the rows it points at. Left whole:
    a check whose truth depends on other rows (uniqueness across the table, one current value
    a group, counts across tables), unless it groups only within what the build rewrites
    whole: unique_in_build, and unique_combination on a district model whose key holds
    district_id (a district's rows are written together, unique_key district_id).

    dbt renders a test's `where` from yml without the project's macros, and would render
    invocation_id at parse time (stale under partial parsing): the yml names the marker and
    get_where_subquery below puts this macro's SQL in its place when the test runs. -#}
{% macro rows_of_this_build() -%}
{%- if var('full_checks', false) -%}
true
{%- else -%}
dbt_invocation_id = '{{ invocation_id }}'
{%- endif -%}
{%- endmacro %}

{#- dbt's own get_where_subquery (the model under test, filtered by the test's `where`),
    with the marker __rows_of_this_build__ replaced by rows_of_this_build(). -#}
{% macro default__get_where_subquery(relation) -%}
    {% set where = config.get('where', '') %}
    {% if where %}
        {% set where = where | replace('__rows_of_this_build__', rows_of_this_build()) %}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {% do return(filtered) %}
    {%- else -%}
        {% do return(relation) %}
    {%- endif -%}
{%- endmacro %}

{#- unique, for a model that stamps each row it writes with dbt_invocation_id, and whose
    column is determined by `within` (a row id made of its file's id and line; an id hashed
    over district_id, whose rows a build writes together): the values
    are grouped only within the `within` groups this dbt invocation wrote. A full build
    wrote them all; an incremental build leaves the others as their build checked them, so
    a province's 3.5 million submitted values are not grouped again for each new file.
    In a build from scratch and with full checks (macros/checks.sql), every group. -#}
{% test unique_in_build(model, column_name, within) %}
select {{ column_name }}, count(*) as n_records
from {{ model }}
where {{ within }} in (
    select distinct {{ within }} from {{ model }}
    where {{ rows_of_this_build() }}
)
group by {{ column_name }}
having count(*) > 1
{% endtest %}

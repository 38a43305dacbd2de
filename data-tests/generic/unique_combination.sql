{#- A model's key of several columns: no two rows share the combination. Rows are grouped
    on the columns themselves (a NULL part groups with NULL), not on a `||`-joined string,
    which is NULL when any part is and so skips exactly the rows worth checking; the parts
    that may not be NULL carry their own not_null tests. -#}
{% test unique_combination(model, columns) %}
select {{ columns | join(', ') }}, count(*) as n_records
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}

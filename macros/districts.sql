{#- District-level incremental models (one row per district and something) carry the
    inputs_digest of int_districts they were computed from: the district's documents and
    submissions. A build recomputes the districts whose digest changed (districts_in_build,
    the model's districts CTE, with any other columns of int_districts it needs) and
    replaces their rows (unique_key district_id); the post-hook then drops the rows left with a digest that
    is no longer the district's (a district whose last submission was withdrawn, and the
    districts gone). -#}
{% macro districts_in_build(columns=[]) -%}
select district_id, inputs_digest{% for column in columns %}, {{ column }}{% endfor %}
from {{ ref('int_districts') }}
{% if is_incremental() -%}
where district_id in ({{ districts_to_rebuild() }})
{%- endif %}
{%- endmacro %}

{% macro districts_to_rebuild() -%}
select district_id from {{ ref('int_districts') }}
anti join (select distinct district_id, inputs_digest from {{ this }}) as built
    using (district_id, inputs_digest)
{%- endmacro %}

{% macro delete_stale_districts() -%}
delete from {{ this }}
where (district_id, inputs_digest) not in (
    select district_id, inputs_digest from {{ ref('int_districts') }}
    where inputs_digest is not null
)
{%- endmacro %}

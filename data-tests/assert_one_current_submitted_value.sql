-- A district has one current value per concept, definition and year: a newer submission
-- supersedes, it never adds a second current value.
select district_id, concept_key, definition_id, value_is_change, period_year, count(*) as n_current
from {{ ref('fct_submitted_values') }}
where is_current
group by district_id, concept_key, definition_id, value_is_change, period_year
having count(*) > 1

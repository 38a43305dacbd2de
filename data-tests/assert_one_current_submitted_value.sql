-- A district has one current value per concept, definition and year: a newer submission
-- supersedes, it never adds a second current value. Checked in the districts this dbt
-- invocation wrote values of (all of them in a full build; an incremental build leaves the
-- others as the build that wrote them checked them; every district with full checks:
-- macros/checks.sql).
select district_id, concept_key, definition_id, value_is_change, period_year, count(*) as n_current
from {{ ref('fct_submitted_values') }}
where is_current
    and district_id in (
        select distinct district_id from {{ ref('fct_submitted_values') }}
        where {{ rows_of_this_build() }}
    )
group by district_id, concept_key, definition_id, value_is_change, period_year
having count(*) > 1

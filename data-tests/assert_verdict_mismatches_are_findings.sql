-- The computed verdict never contradicts a document's own verdict without a finding that
-- says so.
select statuses.value_id, statuses.source_file, statuses.source_line
from {{ ref('fct_indicator_values') }} as statuses
left join {{ ref('rpt_findings') }} as findings
    on findings.finding_kind = 'verdict_mismatch'
    and findings.a_source_file = statuses.source_file
    and findings.a_source_line = statuses.source_line
where (statuses.compliance_computed = 'met' and statuses.compliance_reported = '不达标'
        or statuses.compliance_computed = 'not_met' and statuses.compliance_reported = '达标')
    and findings.finding_id is null

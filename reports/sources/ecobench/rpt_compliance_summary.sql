select * from rpt_compliance_summary

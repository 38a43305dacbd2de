select * from marts.rpt_compliance_summary

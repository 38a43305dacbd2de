select * from marts.rpt_findings

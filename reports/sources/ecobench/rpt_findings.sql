select * from rpt_findings

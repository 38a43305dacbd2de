select * from marts.rpt_plan_coverage

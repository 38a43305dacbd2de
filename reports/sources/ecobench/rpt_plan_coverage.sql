select * from rpt_plan_coverage

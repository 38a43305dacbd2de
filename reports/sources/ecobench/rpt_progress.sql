select * from rpt_progress

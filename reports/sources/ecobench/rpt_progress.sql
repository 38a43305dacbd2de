select * from marts.rpt_progress

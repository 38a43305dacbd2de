select * from rpt_target_ambition

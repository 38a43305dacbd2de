select * from marts.rpt_target_ambition

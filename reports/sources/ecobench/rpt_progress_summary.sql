select * from marts.rpt_progress_summary

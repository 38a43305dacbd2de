select * from rpt_progress_summary

select * from marts.pipeline_runs

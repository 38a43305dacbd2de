select * from marts.rpt_benchmark_concept

select * from rpt_benchmark_concept

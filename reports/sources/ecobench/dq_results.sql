select * from dq_results

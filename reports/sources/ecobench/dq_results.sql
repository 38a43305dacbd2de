select * from marts.dq_results

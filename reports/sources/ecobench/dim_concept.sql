select * from dim_concept

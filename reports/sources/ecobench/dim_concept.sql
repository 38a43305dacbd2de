select * from marts.dim_concept

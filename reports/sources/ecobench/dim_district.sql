select * from marts.dim_district

select * from dim_district

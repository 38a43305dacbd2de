select * from marts.dim_text

select * from marts.rpt_district_profile

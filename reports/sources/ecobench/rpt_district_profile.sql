select * from rpt_district_profile

select * from rpt_district_ranking

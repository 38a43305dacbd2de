select * from marts.rpt_city_ranking

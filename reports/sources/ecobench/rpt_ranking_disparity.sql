select * from marts.rpt_ranking_disparity

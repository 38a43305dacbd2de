select * from rpt_ranking_disparity

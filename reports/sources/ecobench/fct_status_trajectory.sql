select * from marts.fct_status_trajectory

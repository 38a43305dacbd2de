select * from fct_status_trajectory

select * from marts.dq_quarantine

select * from marts.rpt_binding_failures

-- The run log (src/ecobench/runlog/tables.py), as landed before the build; the refresh writes the
-- current run's final rows into this table after the marts gate, before it publishes.
select * from {{ source('landing', 'dq_quarantine') }}

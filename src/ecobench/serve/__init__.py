"""A warm `ecobench serve`: the refresh runs in the serving process, its imports done,
dbt's manifest parsed once (dbt_worker), and Prefect's API already up; scheduled runs and
those asked from the command line (`ecobench refresh --via-serve`, client) alike (loop)."""

{#- The submissions landed for this build: the file names of landing/submissions/ (each
    <sha256>-<file>.parquet), listed without opening the files. -#}
{% macro landed_submission_ids() -%}
select split_part(parse_filename(file), '-', 1)
from glob('{{ env_var("ECOBENCH_LANDING", "warehouse/landing") }}/submissions/*-*.parquet')
{%- endmacro %}


{#- The submissions landed for this build: the file names of landing/submissions/ (each
    <sha256>-<file>.parquet), listed without opening the files. -#}
{% macro landed_submission_ids() -%}
select split_part(parse_filename(file), '-', 1)
from glob('{{ env_var("ECOBENCH_LANDING", "warehouse/landing") }}/submissions/*-*.parquet')
{%- endmacro %}

{#- Which of two submitted values of one district, concept and year is newer: the later
    填报日期 (the district's date; the date ecobench received the file when blank), then
    the later receipt, then the later file name and row. -#}
{% macro newest_submission_first() -%}
coalesce(submitted_on, cast(received_at as date)) desc, received_at desc, source_file desc,
    source_line desc
{%- endmacro %}

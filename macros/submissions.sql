{#- The submissions landed for this build: the files of landing/submissions/ (each
    <sha256>-<file>.parquet) with the submission id their name starts with, listed
    without opening them. -#}
{% macro landed_submissions() -%}
select file as landed_file, split_part(parse_filename(file), '-', 1) as submission_id
from glob('{{ env_var("ECOBENCH_LANDING", "warehouse/landing") }}/submissions/*-*.parquet')
{%- endmacro %}

{% macro landed_submission_ids() -%}
select submission_id from ({{ landed_submissions() }})
{%- endmacro %}

{#- The post-hook of the incremental models of submitted values: drop the rows of the
    submissions no longer landed (withdrawn). -#}
{% macro delete_withdrawn_submissions() -%}
delete from {{ this }} where submission_id not in ({{ landed_submission_ids() }})
{%- endmacro %}

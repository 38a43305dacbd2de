-- The binding (约束性) indicators each district fails today, under every list that applies
-- to it: one row per district × framework × indicator (an indicator printed in parts, 15.1
-- and 15.2, is one: it fails when a part does). Today is the latest evidence of each part:
-- its most recent status, from a document (evaluated against the list's standard, or the
-- document's own printed verdict where the standard cannot be computed and the table is
-- of that list) or from a submission (fct_submission_verdicts); a submission is taken
-- over a document of the same year (it is the district's own yearly report). Every
-- headline count of binding failures (rpt_district_profile, the report, the workbook, the
-- Evidence pages) counts these rows; rpt_findings lists them.
{# a document's own printed verdict, where the standard cannot be computed #}
{% set printed = {
    'code': "'document_prints'",
    'args': '[values_reported.compliance_reported_raw]',
    'zh': say('reason', "'document_prints'", '[values_reported.compliance_reported_raw]', 'zh'),
    'en': say('reason', "'document_prints'", '[values_reported.compliance_reported_raw]', 'en'),
} %}
with

indicators as (
    select * from {{ ref('dim_framework_indicator') }}
    where is_binding
),

from_documents as (
    select
        cross_framework.district_id,
        cross_framework.evaluated_framework_id as framework_id,
        cross_framework.evaluated_version_id as version_id,
        cross_framework.evaluated_seq as framework_seq,
        cross_framework.period_year,
        cross_framework.value_raw,
        cross_framework.standard_raw,
        case
            when cross_framework.verdict in ('met', 'not_met') then cross_framework.verdict
            else values_reported.compliance_reported
        end as verdict,
        {%- for part in ['code', 'args', 'zh', 'en'] %}
            case
                when
                    cross_framework.verdict in ('met', 'not_met')
                    then cross_framework.reason_{{ part }}
                else {{ printed[part] }}
            end as reason_{{ part }},
        {%- endfor %}
        case
            when cross_framework.verdict in ('met', 'not_met') then 'computed' else 'printed'
        end as verdict_basis,
        'document' as source_kind,
        cross_framework.source_file,
        cast(null as varchar) as sheet_name,
        cross_framework.source_line,
        cross_framework.source_location
    from {{ ref('rpt_cross_framework') }} as cross_framework
    left join {{ ref('fct_indicator_values') }} as values_reported
        on
            cross_framework.value_id = values_reported.value_id
            and cross_framework.value_framework_id = cross_framework.evaluated_framework_id
    where cross_framework.measure = 'status' and cross_framework.is_comparable
),

from_submissions as (
    select
        district_id,
        framework_id,
        version_id,
        framework_seq,
        period_year,
        value_raw,
        standard_raw,
        verdict,
        reason_code,
        reason_args,
        reason_zh,
        reason_en,
        'computed' as verdict_basis,
        'submission' as source_kind,
        source_file,
        sheet_name,
        source_line,
        cast(null as varchar) as source_location
    from {{ ref('fct_submission_verdicts') }}
),

evidence as (
    select
        judged.*,
        indicators.top_seq,
        indicators.indicator_zh
    from (
        select * from from_documents
        union all by name
        select * from from_submissions
    ) as judged
    inner join indicators
        on judged.version_id = indicators.version_id and judged.framework_seq = indicators.seq
    where judged.verdict in ('met', 'not_met')
),

-- each part's latest evidence
latest as (
    select * from evidence
    qualify row_number() over (
        partition by district_id, framework_id, version_id, framework_seq
        order by
            period_year desc nulls last,
            source_kind = 'submission' desc,
            verdict = 'not_met' desc,
            source_file asc,
            source_line asc
    ) = 1
),

final as (
    select
        district_id,
        framework_id,
        version_id,
        top_seq as framework_seq,
        string_agg(indicator_zh, '；' order by framework_seq) as indicator_zh,
        max(period_year) as period_year,
        string_agg(value_raw, '；' order by framework_seq) as value_raw,
        string_agg(standard_raw, '；' order by framework_seq) as standard_raw,
        arg_min(reason_code, framework_seq) as reason_code,
        arg_min(reason_args, framework_seq) as reason_args,
        string_agg(reason_zh, '；' order by framework_seq) as reason_zh,
        string_agg(reason_en, '; ' order by framework_seq) as reason_en,
        -- the first failing part's source
        arg_min(verdict_basis, framework_seq) as verdict_basis,
        arg_min(source_kind, framework_seq) as source_kind,
        arg_min(source_file, framework_seq) as source_file,
        arg_min(sheet_name, framework_seq) as sheet_name,
        arg_min(source_line, framework_seq) as source_line,
        arg_min(source_location, framework_seq) as source_location
    from latest
    where verdict = 'not_met'
    group by district_id, framework_id, version_id, top_seq
)

select * from final

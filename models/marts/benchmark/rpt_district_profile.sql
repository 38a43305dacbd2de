-- One row per district: its documents and frameworks, its compliance as reported, the
-- binding indicators it fails, its findings, and its planned investment by domain. Every
-- count is a count of another mart's rows: binding failures of rpt_binding_failures
-- (distinct indicators per framework, documents and submissions alike), targets below
-- standard of rpt_target_ambition (every list that applies), source conflicts of
-- rpt_findings; reported compliance is the printed verdicts met / printed
-- (rpt_compliance_summary), or says none was printed, with the computed figure beside it.
with

districts as (
    select * from {{ ref('dim_district') }}
),

documents as (
    select
        district_id,
        string_agg(title_zh, '; ' order by issued_date) as documents_zh
    from {{ ref('dim_document') }}
    group by district_id
),

frameworks as (
    select
        district_id,
        string_agg(framework_id, ', ' order by framework_id) as frameworks_assessed,
        string_agg({{ text_of('term', 'framework_id') }}, '、' order by framework_id)
            as frameworks_assessed_zh,
        string_agg({{ text_of('term', 'framework_id', 'en') }}, ', ' order by framework_id)
            as frameworks_assessed_en
    from (
        select distinct
            district_id,
            framework_id
        from {{ ref('fct_indicator_values') }}
        where table_label is not null
    )
    group by district_id
),

compliance_tables as (
    select
        reported.district_id,
        reported.framework_id,
        case when reported.n_printed > 0 then 'printed_met' else 'no_verdict_printed' end
            as text_code,
        case
            when reported.n_printed > 0
                then [
                    reported.framework_id, cast(reported.n_met as varchar),
                    cast(reported.n_printed as varchar)
                ]
            else [
                reported.framework_id, cast(computed.n_met as varchar),
                cast(computed.n_indicators as varchar)
            ]
        end as text_args,
        reported.n_not_met
    from {{ ref('rpt_compliance_summary') }} as reported
    inner join {{ ref('rpt_compliance_summary') }} as computed
        on
            reported.district_id = computed.district_id
            and reported.document_id = computed.document_id
            and reported.table_label = computed.table_label
            and computed.basis = 'computed'
    where reported.basis = 'reported'
),

compliance as (
    select
        district_id,
        string_agg({{ say('profile', 'text_code', 'text_args', 'zh') }}, '；' order by framework_id)
            as compliance_reported_zh,
        string_agg({{ say('profile', 'text_code', 'text_args', 'en') }}, '; ' order by framework_id)
            as compliance_reported_en,
        sum(n_not_met) as n_not_met
    from compliance_tables
    group by district_id
),

binding_by_framework as (
    select
        district_id,
        framework_id,
        count(*) as n_failures,
        string_agg(indicator_zh || ' ' || value_raw, '；' order by framework_seq) as failures
    from {{ ref('rpt_binding_failures') }}
    group by district_id, framework_id
),

binding as (
    select
        district_id,
        sum(n_failures) as n_not_met_binding,
    {%- for lang, sep in [('zh', '；'), ('en', '; ')] %}
        string_agg({{ say('profile', "'framework_count'",
            '[framework_id, cast(n_failures as varchar)]', lang) }}, '{{ sep }}' order by framework_id)
            as n_not_met_binding_by_framework_{{ lang }},
        string_agg(
            {{ say('profile', "'framework_items'", '[framework_id, failures]', lang) }},
            '{{ sep }}' order by framework_id
        ) as binding_not_met_{{ lang }}
        {{- ',' if lang == 'zh' }}
    {%- endfor %}
    from binding_by_framework
    group by district_id
),

targets_below as (
    select
        district_id,
        count(*) as n_targets_below_standard
    from {{ ref('rpt_target_ambition') }}
    where verdict = 'not_met'
    group by district_id
),

findings as (
    select
        district_id,
        count(*) filter (where finding_kind = 'source_conflict') as n_source_conflicts,
        count(*) filter (where finding_kind = 'not_evaluable') as n_not_evaluable
    from {{ ref('rpt_findings') }}
    group by district_id
),

investment as (
    select
        district_id,
        sum(investment_wan_yuan) as investment_wan_yuan,
        string_agg(domain_zh || ' ' || cast(round(amount, 1) as varchar), '; ' order by domain_zh)
            as investment_by_domain_wan_yuan
    from (
        select
            district_id,
            domain_zh,
            sum(investment_wan_yuan) as amount,
            sum(investment_wan_yuan) as investment_wan_yuan
        from {{ ref('fct_projects') }}
        group by district_id, domain_zh
    )
    group by district_id
),

final as (
    select
        districts.district_id,
        districts.name_zh,
        districts.name_en,
        districts.n_documents,
        documents.documents_zh,
        frameworks.frameworks_assessed,
        frameworks.frameworks_assessed_zh,
        frameworks.frameworks_assessed_en,
        compliance.compliance_reported_zh,
        compliance.compliance_reported_en,
        cast(coalesce(compliance.n_not_met, 0) as integer) as n_not_met,
        cast(coalesce(binding.n_not_met_binding, 0) as integer) as n_not_met_binding,
        binding.n_not_met_binding_by_framework_zh,
        binding.n_not_met_binding_by_framework_en,
        binding.binding_not_met_zh,
        binding.binding_not_met_en,
        coalesce(findings.n_source_conflicts, 0) as n_source_conflicts,
        coalesce(targets_below.n_targets_below_standard, 0) as n_targets_below_standard,
        coalesce(findings.n_not_evaluable, 0) as n_not_evaluable,
        investment.investment_wan_yuan,
        investment.investment_by_domain_wan_yuan
    from districts
    left join documents on districts.district_id = documents.district_id
    left join frameworks on districts.district_id = frameworks.district_id
    left join compliance on districts.district_id = compliance.district_id
    left join binding on districts.district_id = binding.district_id
    left join targets_below on districts.district_id = targets_below.district_id
    left join findings on districts.district_id = findings.district_id
    left join investment on districts.district_id = investment.district_id
)

select * from final

-- One row per district: its documents and frameworks, its compliance as reported, the
-- binding indicators it fails, its findings, and its planned investment by domain.
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
        string_agg(distinct framework_id, ', ' order by framework_id) as frameworks_assessed
    from {{ ref('fct_indicator_values') }}
    where table_label is not null
    group by district_id
),

compliance as (
    select
        district_id,
        string_agg(
            framework_id || ' ' || n_met || '/' || n_indicators || ' met',
            '; ' order by framework_id
        ) as compliance_reported,
        sum(n_not_met) as n_not_met,
        sum(n_not_met_binding) as n_not_met_binding
    from {{ ref('rpt_compliance_summary') }}
    where basis = 'reported'
    group by district_id
),

findings as (
    select
        district_id,
        count(*) filter (where finding_kind = 'binding_not_met') as n_binding_not_met,
        string_agg(detail, '; ' order by detail) filter (where finding_kind = 'binding_not_met')
            as binding_not_met,
        count(*) filter (where finding_kind = 'source_conflict') as n_source_conflicts,
        count(*) filter (where finding_kind = 'target_below_standard') as n_targets_below_standard,
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
        compliance.compliance_reported,
        cast(coalesce(compliance.n_not_met, 0) as integer) as n_not_met,
        cast(coalesce(compliance.n_not_met_binding, 0) as integer) as n_not_met_binding,
        findings.binding_not_met,
        coalesce(findings.n_source_conflicts, 0) as n_source_conflicts,
        coalesce(findings.n_targets_below_standard, 0) as n_targets_below_standard,
        coalesce(findings.n_not_evaluable, 0) as n_not_evaluable,
        investment.investment_wan_yuan,
        investment.investment_by_domain_wan_yuan
    from districts
    left join documents on districts.district_id = documents.district_id
    left join frameworks on districts.district_id = frameworks.district_id
    left join compliance on districts.district_id = compliance.district_id
    left join findings on districts.district_id = findings.district_id
    left join investment on districts.district_id = investment.district_id
)

select * from final

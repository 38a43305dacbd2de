-- What a reviewer must see, each with the file and line of both sources, and where in the
-- file (table, row, column; page) when it is not plain text.
--   source_conflict        two sources of one district disagree on a concept's target: two
--                          different targets for the same year (or one without a year), or a
--                          later target less ambitious than an earlier one. The sources are
--                          two documents, or a table and running text; numbers differing
--                          within one passage of running text are scopes (市中心城区 vs
--                          县级城市) or stretch goals (力争), not conflicts.
--   target_below_standard  a district's own target fails the standard of a list that
--                          applies to it (rpt_target_ambition's not_met rows).
--   binding_not_met        a binding (约束性) indicator it fails today, from its documents
--                          or its submissions (rpt_binding_failures' rows).
--   verdict_mismatch       the computed verdict contradicts the document's own.
--   not_evaluable          a document's verdict that cannot be checked, and why.
with

indicator_values as (
    select * from {{ ref('fct_indicator_values') }}
),

concepts as (
    select * from {{ ref('concepts') }}
),

-- a district's stated targets: target columns and running text, and the standards of a
-- table that prints no target column (Hailing's 附件2 is its list of targets)
tables_with_targets as (
    select distinct
        document_id,
        table_label
    from indicator_values
    where measure = 'target' and table_label is not null
),

stated_targets as (
    select
        indicator_values.*,
        concepts.direction
    from indicator_values
    inner join concepts on indicator_values.concept_id = concepts.concept_id
    left join tables_with_targets
        on
            indicator_values.document_id = tables_with_targets.document_id
            and indicator_values.table_label = tables_with_targets.table_label
    where
        indicator_values.value_canonical is not null
        and concepts.direction in ('higher', 'lower')
        and (
            indicator_values.measure = 'target'
            or (
                indicator_values.measure = 'standard' and indicator_values.table_label is not null
                and tables_with_targets.table_label is null
            )
        )
),

conflicts as (
    select
        'source_conflict' as finding_kind,
        'high' as severity,
        earlier.district_id,
        earlier.framework_id,  -- of the first source: a framework's table, or local_plan
        earlier.concept_id,
        coalesce(later.period_year, earlier.period_year) as period_year,
        case
            when earlier.period_year <> later.period_year  -- both years printed
                then 'later_target_less_ambitious'
            else 'two_targets_same_period'
        end as summary_code,
        cast([] as varchar[]) as summary_args,
        'two_values' as detail_code,
        [
            earlier.indicator_name_zh || ' ' || earlier.value_shown
            || coalesce(' (' || earlier.period_year || ')', ''),
            later.indicator_name_zh || ' ' || later.value_shown
            || coalesce(' (' || later.period_year || ')', '')
        ] as detail_args,
        cast(null as varchar) as reason_zh,
        cast(null as varchar) as reason_en,
        earlier.value_raw as a_value_raw,
        earlier.source_file as a_source_file,
        earlier.source_line as a_source_line,
        earlier.source_location as a_source_location,
        later.value_raw as b_value_raw,
        later.source_file as b_source_file,
        later.source_line as b_source_line,
        later.source_location as b_source_location,
        cast(null as varchar) as b_reference
    from stated_targets as earlier
    inner join stated_targets as later
        on
            earlier.district_id = later.district_id
            and earlier.concept_id = later.concept_id
            and earlier.definition_id = later.definition_id
            and earlier.value_is_change = later.value_is_change
            and earlier.value_id <> later.value_id
            and (
                earlier.document_id <> later.document_id
                or (later.table_label is null) <> (earlier.table_label is null)
            )
    where (
        (
            earlier.period_year is null
            or later.period_year is null
            or earlier.period_year = later.period_year
        )
        and earlier.value_canonical <> later.value_canonical
        -- each unordered pair once
        and earlier.value_id < later.value_id
    )
    or (
        earlier.period_year < later.period_year
        and case earlier.direction
            when 'higher' then later.value_canonical < earlier.value_canonical
            when 'lower' then later.value_canonical > earlier.value_canonical
        end
    )
),

targets_below as (
    select
        'target_below_standard' as finding_kind,
        'high' as severity,
        district_id,
        framework_id,
        concept_id,
        target_year as period_year,
        'own_target_fails' as summary_code,
        [framework_id] as summary_args,
        'value_against_standard' as detail_code,
        [
            concept_name_zh || ' ' || target_shown || coalesce(' (' || target_year || ')', ''),
            standard_raw
        ] as detail_args,
        reason_zh,
        reason_en,
        target_raw as a_value_raw,
        source_file as a_source_file,
        source_line as a_source_line,
        cast(null as varchar) as a_source_location,
        standard_raw as b_value_raw,
        'seeds/framework_indicators.csv' as b_source_file,
        cast(null as integer) as b_source_line,
        cast(null as varchar) as b_source_location,
        version_id || ' ' || framework_seq as b_reference
    from {{ ref('rpt_target_ambition') }}
    where verdict = 'not_met'
),

binding_failures as (
    select
        'binding_not_met' as finding_kind,
        'high' as severity,
        failures.district_id,
        failures.framework_id,
        indicators.concept_id,
        failures.period_year,
        'binding_not_met' as summary_code,
        [failures.framework_id, failures.source_kind] as summary_args,
        'indicator_reason' as detail_code,
        [failures.indicator_zh] as detail_args,
        failures.reason_zh,
        failures.reason_en,
        failures.value_raw as a_value_raw,
        failures.source_file as a_source_file,
        failures.source_line as a_source_line,
        coalesce(failures.source_location, 'sheet ' || failures.sheet_name) as a_source_location,
        failures.standard_raw as b_value_raw,
        'seeds/framework_indicators.csv' as b_source_file,
        cast(null as integer) as b_source_line,
        cast(null as varchar) as b_source_location,
        failures.version_id || ' ' || failures.framework_seq as b_reference
    from {{ ref('rpt_binding_failures') }} as failures
    left join {{ ref('dim_framework_indicator') }} as indicators
        on failures.version_id = indicators.version_id and failures.framework_seq = indicators.seq
),

status_rows as (
    select
        statuses.*,
        standards.value_raw as standard_raw,
        standards.source_line as standard_line,
        standards.source_location as standard_location
    from indicator_values as statuses
    left join indicator_values as standards
        on
            statuses.document_id = standards.document_id
            and statuses.table_label = standards.table_label
            and statuses.indicator_seq = standards.indicator_seq
            and statuses.sub_index = standards.sub_index
            and standards.measure = 'standard'
    where statuses.measure = 'status' and statuses.table_label is not null
),

status_findings as (
    select
        kinds.finding_kind,
        case when kinds.finding_kind = 'not_evaluable' then 'info' else 'high' end as severity,
        status_rows.district_id,
        status_rows.framework_id,
        status_rows.concept_id,
        status_rows.period_year,
        case kinds.finding_kind
            when 'not_evaluable' then 'verdict_unverifiable'
            else 'verdict_mismatch'
        end as summary_code,
        case kinds.finding_kind
            when 'not_evaluable' then [status_rows.compliance_reported_raw]
            else [status_rows.compliance_computed, status_rows.compliance_reported_raw]
        end as summary_args,
        'indicator_reason' as detail_code,
        [status_rows.indicator_name_zh] as detail_args,
        status_rows.compliance_reason_zh as reason_zh,
        status_rows.compliance_reason_en as reason_en,
        status_rows.value_raw as a_value_raw,
        status_rows.source_file as a_source_file,
        status_rows.source_line as a_source_line,
        status_rows.source_location as a_source_location,
        status_rows.standard_raw as b_value_raw,
        status_rows.source_file as b_source_file,
        status_rows.standard_line as b_source_line,
        status_rows.standard_location as b_source_location,
        cast(null as varchar) as b_reference
    from status_rows
    inner join
        (values ('not_evaluable'), ('verdict_mismatch'))
            as kinds (finding_kind)
        on case kinds.finding_kind
            when 'not_evaluable' then status_rows.compliance_computed = 'not_evaluable'
            when 'verdict_mismatch' then
                (
                    status_rows.compliance_computed = 'met'
                    and status_rows.compliance_reported = 'not_met'
                )
                or (
                    status_rows.compliance_computed = 'not_met'
                    and status_rows.compliance_reported = 'met'
                )
        end
),

unioned as (
    select * from conflicts
    union all
    select * from targets_below
    union all
    select * from binding_failures
    union all
    select * from status_findings
),

-- the detail: the two values, or the value and the standard, then the reason where the
-- verdict gives one
described as (
    select
        * exclude (reason_zh, reason_en, detail_code, detail_args),
        {{ text_of('finding_kind', 'finding_kind') }} as finding_kind_zh,
        {{ text_of('severity', 'severity') }} as severity_zh,
        {{ say('finding', 'summary_code', 'summary_args', 'zh') }} as summary_zh,
        {{ say('finding', 'summary_code', 'summary_args', 'en') }} as summary_en,
    {%- for lang in ['zh', 'en'] %}
        {{ say('detail', 'detail_code', "detail_args || [reason_" ~ lang ~ "]", lang) }}
            as detail_{{ lang }}{{ ',' if lang == 'zh' }}
    {%- endfor %}
    from unioned
),

final as (
    select
        md5(concat_ws(
            '|', finding_kind, a_source_file, a_source_line, a_value_raw,
            b_source_file, b_source_line, b_reference, b_value_raw, detail_en
        )) as finding_id,
        *
    from described
)

select * from final

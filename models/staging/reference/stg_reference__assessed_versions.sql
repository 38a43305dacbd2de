-- The framework versions districts are assessed under (seeds/framework_versions.csv,
-- is_assessed), with the kind of their framework and the province a provincial list applies
-- in (applies_in_province: null for a national list, which applies everywhere): staged once
-- for every model that evaluates, scores or benchmarks against them.
with

versions as (
    select * from {{ ref('framework_versions') }}
),

frameworks as (
    select * from {{ ref('frameworks') }}
),

final as (
    select
        versions.*,
        frameworks.kind as framework_kind,
        nullif(frameworks.province_code, '') as applies_in_province
    from versions
    inner join frameworks on versions.framework_id = frameworks.framework_id
    where versions.is_assessed
)

select * from final

-- Every crosswalk row names an indicator of the framework lists (version and seq).
select crosswalk.*
from {{ ref('crosswalk') }} as crosswalk
left join {{ ref('framework_indicators') }} as indicators
    on indicators.version_id = crosswalk.version_id
    and indicators.seq = crosswalk.seq
where indicators.seq is null

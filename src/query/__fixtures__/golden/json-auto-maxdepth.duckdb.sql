WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT)),
s1 AS (SELECT *, TRY(json_extract_string(raw, '$."' || replace(json_keys(TRY(CAST(raw AS JSON)))[list_position(json_keys(TRY(CAST(lower(raw) AS JSON))), CAST(? AS VARCHAR))], '"', '\"') || '"')) AS q1, TRY(json_extract_string(fields, '$."' || replace(json_keys(TRY(CAST(fields AS JSON)))[list_position(json_keys(TRY(CAST(lower(fields) AS JSON))), CAST(? AS VARCHAR))], '"', '\"') || '"')) AS q2 FROM s0),
s2 AS (SELECT q1, q2, count(*) AS q3 FROM s1 GROUP BY q1, q2)
SELECT q1 AS c0, q2 AS c1, q3 AS c2 FROM s2 ORDER BY q3 DESC NULLS LAST, TRY_CAST(q1 AS DOUBLE) ASC NULLS LAST, q1 ASC NULLS LAST, TRY_CAST(q2 AS DOUBLE) ASC NULLS LAST, q2 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["sumologic_system_events",1795132800000,1795219200000,"details","details.error",10000]

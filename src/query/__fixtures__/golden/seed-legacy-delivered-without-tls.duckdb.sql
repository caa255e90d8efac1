WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND ((lower(source_category) = CAST(? AS VARCHAR)) AND (coalesce(contains(lower(raw), CAST(? AS VARCHAR)), false) AND coalesce(regexp_matches(raw, CAST(? AS VARCHAR)), false)) AND (coalesce(contains(lower(raw), CAST(? AS VARCHAR)), false) AND coalesce(regexp_matches(raw, CAST(? AS VARCHAR)), false)))),
s1 AS (SELECT *, l_acode AS q1, l_delivered AS q2, l_usetls AS q3 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (q2 = CAST(? AS VARCHAR))),
s3 AS (SELECT * FROM s2 WHERE (q3 = CAST(? AS VARCHAR))),
s4 AS (SELECT count(DISTINCT q1) AS q4 FROM s3)
SELECT q4 AS c0 FROM s4 ORDER BY q4 DESC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast_app","delivered","(?i)(?:^|[^A-Za-z0-9_])Delivered(?:[^A-Za-z0-9_]|$)","dir","(?i)(?:^|[^A-Za-z0-9_])Dir(?:[^A-Za-z0-9_]|$)","true","No",10000]

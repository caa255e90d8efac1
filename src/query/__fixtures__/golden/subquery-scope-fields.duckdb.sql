WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (coalesce(contains(lower(raw), CAST(? AS VARCHAR)), false) AND coalesce(regexp_matches(raw, CAST(? AS VARCHAR)), false))),
s1 AS (SELECT source_name AS q1, source_category AS q2, count(*) AS q3 FROM s0 GROUP BY source_name, source_category),
s2 AS (SELECT q1 AS qk0, q2 AS qk1, row_number() OVER (ORDER BY q3 DESC NULLS LAST, TRY_CAST(q1 AS DOUBLE) ASC NULLS LAST, q1 ASC NULLS LAST, TRY_CAST(q2 AS DOUBLE) ASC NULLS LAST, q2 ASC NULLS LAST) AS qrn FROM s1),
s3 AS (SELECT qk0, qk1 FROM s2 GROUP BY qk0, qk1 ORDER BY min(qrn) LIMIT CAST(? AS BIGINT)),
s4 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND EXISTS (SELECT 1 FROM s3 AS z0 WHERE ((lower(source_name) = lower(z0.qk0)) AND (lower(source_category) = lower(z0.qk1))))),
s5 AS (SELECT source_name AS q1, source_category AS q2, count(*) AS q3 FROM s4 GROUP BY source_name, source_category)
SELECT q1 AS c0, q2 AS c1, q3 AS c2 FROM s5 ORDER BY q3 DESC NULLS LAST, TRY_CAST(q1 AS DOUBLE) ASC NULLS LAST, q1 ASC NULLS LAST, TRY_CAST(q2 AS DOUBLE) ASC NULLS LAST, q2 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"eicar","(?i)(?:^|[^A-Za-z0-9_])Eicar(?:[^A-Za-z0-9_]|$)",2500,"main",1795132800000,1795219200000,10000]

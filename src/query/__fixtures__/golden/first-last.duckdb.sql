WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (lower(source_name) = CAST(? AS VARCHAR))),
s1 AS (SELECT *, x_policy AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT arg_max(q1, messagetime) AS q2, arg_min(q1, messagetime) AS q3 FROM s2)
SELECT q2 AS c0, q3 AS c1 FROM s3 ORDER BY TRY_CAST(q2 AS DOUBLE) DESC NULLS LAST, q2 DESC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"dlp",10000]

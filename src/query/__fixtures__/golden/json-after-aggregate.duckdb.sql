WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (lower(source_category) = CAST(? AS VARCHAR))),
s1 AS (SELECT source_name AS q1, arg_max(raw, messagetime) AS q2 FROM s0 GROUP BY source_name),
s2 AS (SELECT *, TRY(json_extract_string(q2, CAST(? AS VARCHAR))) AS q3 FROM s1),
s3 AS (SELECT * FROM s2 WHERE (NOT (q3 IS NULL)))
SELECT q1 AS c0, q3 AS c1 FROM s3 ORDER BY TRY_CAST(q2 AS DOUBLE) DESC NULLS LAST, q2 DESC NULLS LAST, TRY_CAST(q1 AS DOUBLE) ASC NULLS LAST, q1 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","$.\"subject\"",10000]

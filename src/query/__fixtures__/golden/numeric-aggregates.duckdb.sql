WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (lower(source_category) = CAST(? AS VARCHAR))),
s1 AS (SELECT *, TRY(json_extract_string(raw, CAST(? AS VARCHAR))) AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT sum(TRY_CAST(q1 AS DOUBLE)) AS q2, avg(TRY_CAST(q1 AS DOUBLE)) AS q3, min(TRY_CAST(q1 AS DOUBLE)) AS q4, max(TRY_CAST(q1 AS DOUBLE)) AS q5, quantile_cont(TRY_CAST(q1 AS DOUBLE), CAST(? AS DOUBLE)) AS q6 FROM s2)
SELECT q2 AS c0, q3 AS c1, q4 AS c2, q5 AS c3, q6 AS c4 FROM s3 ORDER BY q2 DESC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","$.\"spamScore\"",0.5,10000]

WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (lower(source_category) = CAST(? AS VARCHAR))),
s1 AS (SELECT *, TRY(json_extract_string(raw, CAST(? AS VARCHAR))) AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT *, ((TRY_CAST(q1 AS DOUBLE) * CAST(? AS DOUBLE)) + CAST(? AS DOUBLE)) AS q2 FROM s2),
s4 AS (SELECT * FROM s3 WHERE (q2 > CAST(? AS DOUBLE))),
s5 AS (SELECT count(*) AS q3 FROM s4)
SELECT q3 AS c0 FROM s5 ORDER BY q3 DESC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","$.\"spamScore\"",2,1,15,10000]

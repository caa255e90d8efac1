WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (lower(source_category) = CAST(? AS VARCHAR))),
s1 AS (SELECT *, x_senderenvelope AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT *, q1 AS q2 FROM s2),
s4 AS (SELECT source_name AS q3, arg_max(q2, messagetime) AS q4, arg_min(q2, messagetime) AS q5 FROM s3 GROUP BY source_name)
SELECT q3 AS c0, q4 AS c1, q5 AS c2 FROM s4 ORDER BY TRY_CAST(q4 AS DOUBLE) DESC NULLS LAST, q4 DESC NULLS LAST, TRY_CAST(q3 AS DOUBLE) ASC NULLS LAST, q3 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast",10000]

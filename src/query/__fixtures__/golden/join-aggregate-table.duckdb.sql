WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND ((lower(source_category) = CAST(? AS VARCHAR)) AND (lower(source_name) = CAST(? AS VARCHAR)))),
s1 AS (SELECT *, x_aggregateid AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT q1 AS q2, count(*) AS q3 FROM s2 GROUP BY q1),
s4 AS (SELECT *, x_aggregateid AS q6, x_delivered AS q7 FROM s0),
s5 AS (SELECT * FROM s4 WHERE ((NOT (q6 IS NULL)) AND (NOT (q7 IS NULL)))),
s6 AS (SELECT b0.q2 AS q4, b0.q3 AS q5, b1.q6 AS q8, b1.q7 AS q9 FROM s3 AS b0 JOIN s5 AS b1 ON b0.q2 = b1.q6),
s7 AS (SELECT q9 AS q10, q5 AS q11, count(*) AS q12 FROM s6 GROUP BY q9, q5)
SELECT q10 AS c0, q11 AS c1, q12 AS c2 FROM s7 ORDER BY q12 DESC NULLS LAST, TRY_CAST(q10 AS DOUBLE) ASC NULLS LAST, q10 ASC NULLS LAST, q11 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","siem",10000]

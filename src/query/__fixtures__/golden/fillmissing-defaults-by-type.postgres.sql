WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_name) = CAST($4 AS TEXT))),
s1 AS (SELECT *, x_route AS q1, x_subject AS q2 FROM s0),
s2 AS (SELECT * FROM s1 WHERE ((NOT (q1 IS NULL)) AND (NOT (q2 IS NULL)))),
s3 AS (SELECT *, length(q2) AS q3 FROM s2),
s4 AS (SELECT q1 AS q4, count(*) AS q5, avg(q3) AS q6, (array_agg(q2 ORDER BY messagetime DESC) FILTER (WHERE q2 IS NOT NULL AND messagetime IS NOT NULL))[1] AS q7 FROM s3 GROUP BY q1)
SELECT q4 AS c0, q5 AS c1, q6 AS c2, q7 AS c3 FROM s4 ORDER BY q5 DESC NULLS LAST, mc2c_num(CAST(q4 AS TEXT)) ASC NULLS LAST, q4 ASC NULLS LAST LIMIT CAST($5 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"dlp",10000]

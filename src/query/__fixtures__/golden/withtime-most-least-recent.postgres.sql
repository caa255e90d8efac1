WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_category) = CAST($4 AS TEXT))),
s1 AS (SELECT *, x_senderenvelope AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT *, q1 AS q2 FROM s2),
s4 AS (SELECT source_name AS q3, (array_agg(q2 ORDER BY messagetime DESC) FILTER (WHERE q2 IS NOT NULL AND messagetime IS NOT NULL))[1] AS q4, (array_agg(q2 ORDER BY messagetime ASC) FILTER (WHERE q2 IS NOT NULL AND messagetime IS NOT NULL))[1] AS q5 FROM s3 GROUP BY source_name)
SELECT q3 AS c0, q4 AS c1, q5 AS c2 FROM s4 ORDER BY mc2c_num(CAST(q4 AS TEXT)) DESC NULLS LAST, q4 DESC NULLS LAST, mc2c_num(CAST(q3 AS TEXT)) ASC NULLS LAST, q3 ASC NULLS LAST LIMIT CAST($5 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast",10000]

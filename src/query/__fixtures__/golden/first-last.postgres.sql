WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_name) = CAST($4 AS TEXT))),
s1 AS (SELECT *, x_policy AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT (array_agg(q1 ORDER BY messagetime DESC) FILTER (WHERE q1 IS NOT NULL AND messagetime IS NOT NULL))[1] AS q2, (array_agg(q1 ORDER BY messagetime ASC) FILTER (WHERE q1 IS NOT NULL AND messagetime IS NOT NULL))[1] AS q3 FROM s2)
SELECT q2 AS c0, q3 AS c1 FROM s3 ORDER BY mc2c_num(CAST(q2 AS TEXT)) DESC NULLS LAST, q2 DESC NULLS LAST LIMIT CAST($5 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"dlp",10000]

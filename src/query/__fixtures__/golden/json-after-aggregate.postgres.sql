WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_category) = CAST($4 AS TEXT))),
s1 AS (SELECT source_name AS q1, (array_agg(raw ORDER BY messagetime DESC) FILTER (WHERE raw IS NOT NULL AND messagetime IS NOT NULL))[1] AS q2 FROM s0 GROUP BY source_name),
s2 AS (SELECT *, (mc2c_json(q2) #>> mc2c_json_path(CAST($5 AS TEXT))) AS q3 FROM s1),
s3 AS (SELECT * FROM s2 WHERE (NOT (q3 IS NULL)))
SELECT q1 AS c0, q3 AS c1 FROM s3 ORDER BY mc2c_num(CAST(q2 AS TEXT)) DESC NULLS LAST, q2 DESC NULLS LAST, mc2c_num(CAST(q1 AS TEXT)) ASC NULLS LAST, q1 ASC NULLS LAST LIMIT CAST($6 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","$.\"subject\"",10000]

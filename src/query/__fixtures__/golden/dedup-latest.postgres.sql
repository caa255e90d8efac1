WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND ((lower(source_category) = CAST($4 AS TEXT)) AND (lower(source_name) = CAST($5 AS TEXT)))),
s1 AS (SELECT *, x_eventtype AS q1, x_aggregateid AS q2 FROM s0),
s2 AS (SELECT * FROM s1 WHERE ((NOT (q1 IS NULL)) AND (NOT (q2 IS NULL)))),
s3 AS (SELECT *, row_number() OVER (PARTITION BY q1 ORDER BY messagetime DESC NULLS LAST, raw ASC NULLS LAST) AS q3 FROM s2),
s4 AS (SELECT * FROM s3 WHERE (q3 <= CAST($6 AS DOUBLE PRECISION))),
s5 AS (SELECT q1 AS q4, q2 AS q5, count(*) AS q6 FROM s4 GROUP BY q1, q2)
SELECT q4 AS c0, q5 AS c1, q6 AS c2 FROM s5 ORDER BY q6 DESC NULLS LAST, mc2c_num(CAST(q4 AS TEXT)) ASC NULLS LAST, q4 ASC NULLS LAST, mc2c_num(CAST(q5 AS TEXT)) ASC NULLS LAST, q5 ASC NULLS LAST LIMIT CAST($7 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","siem",1,10000]

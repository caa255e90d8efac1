WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND ((lower(source_category) = CAST($4 AS TEXT)) AND (lower(source_name) = CAST($5 AS TEXT)))),
s1 AS (SELECT *, x_eventtype AS q1, x_aggregateid AS q2 FROM s0),
s2 AS (SELECT * FROM s1 WHERE ((NOT (q1 IS NULL)) AND (NOT (q2 IS NULL)))),
s3 AS (SELECT q2 AS q3, q1 AS q4, count(*) AS q5 FROM s2 GROUP BY q2, q1),
s4 AS (SELECT q4 AS q6, count(*) AS q7 FROM s3 GROUP BY q4)
SELECT q6 AS c0, q7 AS c1 FROM s4 ORDER BY q7 DESC NULLS LAST, mc2c_num(CAST(q6 AS TEXT)) ASC NULLS LAST, q6 ASC NULLS LAST LIMIT CAST($6 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","siem",10000]

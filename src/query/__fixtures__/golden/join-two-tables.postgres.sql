WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND ((lower(source_category) = CAST($4 AS TEXT)) AND (lower(source_name) = CAST($5 AS TEXT)))),
s1 AS (SELECT *, x_aggregateid AS q1, x_senderip AS q2 FROM s0),
s2 AS (SELECT * FROM s1 WHERE ((NOT (q1 IS NULL)) AND (NOT (q2 IS NULL)))),
s3 AS (SELECT *, x_aggregateid AS q5, x_delivered AS q6 FROM s0),
s4 AS (SELECT * FROM s3 WHERE ((NOT (q5 IS NULL)) AND (NOT (q6 IS NULL)))),
s5 AS (SELECT b0.q1 AS q3, b0.q2 AS q4, b1.q5 AS q7, b1.q6 AS q8 FROM s2 AS b0 JOIN s4 AS b1 ON b0.q1 = b1.q5)
SELECT q3 AS c0, q4 AS c1, q7 AS c2, q8 AS c3 FROM s5 ORDER BY mc2c_num(CAST(q3 AS TEXT)) ASC NULLS LAST, q3 ASC NULLS LAST, mc2c_num(CAST(q4 AS TEXT)) ASC NULLS LAST, q4 ASC NULLS LAST, mc2c_num(CAST(q7 AS TEXT)) ASC NULLS LAST, q7 ASC NULLS LAST, mc2c_num(CAST(q8 AS TEXT)) ASC NULLS LAST, q8 ASC NULLS LAST LIMIT CAST($6 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","siem",10000]

WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_category) = CAST($4 AS TEXT))),
s1 AS (SELECT *, x_aggregateid AS q1, x_delivered AS q2 FROM s0),
s2 AS (SELECT * FROM s1 WHERE ((NOT (q1 IS NULL)) AND (NOT (q2 IS NULL)))),
s3 AS (SELECT * FROM s2 WHERE (q2 = CAST($5 AS TEXT))),
s4 AS (SELECT q1 AS qk0, row_number() OVER (ORDER BY messagetime DESC NULLS LAST) AS qrn FROM s3),
s5 AS (SELECT qk0 FROM s4 GROUP BY qk0 ORDER BY min(qrn) LIMIT CAST($6 AS BIGINT)),
s6 AS (SELECT * FROM messages WHERE idx = CAST($7 AS TEXT) AND messagetime >= CAST($8 AS BIGINT) AND messagetime < CAST($9 AS BIGINT) AND (lower(source_category) = CAST($10 AS TEXT))),
s7 AS (SELECT *, x_aggregateid AS q1, x_eventtype AS q2 FROM s6),
s8 AS (SELECT * FROM s7 WHERE EXISTS (SELECT 1 FROM s5 AS z0 WHERE CASE WHEN mc2c_num(q1) IS NOT NULL AND mc2c_num(z0.qk0) IS NOT NULL THEN mc2c_num(q1) = mc2c_num(z0.qk0) ELSE q1 = z0.qk0 END)),
s9 AS (SELECT q2 AS q3, count(*) AS q4 FROM s8 GROUP BY q2)
SELECT q3 AS c0, q4 AS c1 FROM s9 ORDER BY q4 DESC NULLS LAST, mc2c_num(CAST(q3 AS TEXT)) ASC NULLS LAST, q3 ASC NULLS LAST LIMIT CAST($11 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","false",2500,"main",1795132800000,1795219200000,"mimecast",10000]

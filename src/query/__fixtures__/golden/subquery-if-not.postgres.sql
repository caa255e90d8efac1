WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_category) = CAST($4 AS TEXT))),
s1 AS (SELECT *, x_aggregateid AS q1, x_eventtype AS q2 FROM s0),
s2 AS (SELECT * FROM s1 WHERE ((NOT (q1 IS NULL)) AND (NOT (q2 IS NULL)))),
s3 AS (SELECT * FROM s2 WHERE ((q2 = CAST($5 AS TEXT)) OR (q2 = CAST($6 AS TEXT)))),
s4 AS (SELECT q1 AS qk0, q2 AS qk1, row_number() OVER (ORDER BY messagetime DESC NULLS LAST) AS qrn FROM s3),
s5 AS (SELECT qk0, qk1 FROM s4 GROUP BY qk0, qk1 ORDER BY min(qrn) LIMIT CAST($7 AS BIGINT)),
s6 AS (SELECT * FROM messages WHERE idx = CAST($8 AS TEXT) AND messagetime >= CAST($9 AS BIGINT) AND messagetime < CAST($10 AS BIGINT) AND (lower(source_category) = CAST($11 AS TEXT))),
s7 AS (SELECT *, x_aggregateid AS q1, x_eventtype AS q2 FROM s6),
s8 AS (SELECT * FROM s7 WHERE ((NOT (q1 IS NULL)) AND (NOT (q2 IS NULL)))),
s9 AS (SELECT *, CASE WHEN (NOT EXISTS (SELECT 1 FROM s5 AS z0 WHERE (CASE WHEN mc2c_num(q1) IS NOT NULL AND mc2c_num(z0.qk0) IS NOT NULL THEN mc2c_num(q1) = mc2c_num(z0.qk0) ELSE q1 = z0.qk0 END AND CASE WHEN mc2c_num(q2) IS NOT NULL AND mc2c_num(z0.qk1) IS NOT NULL THEN mc2c_num(q2) = mc2c_num(z0.qk1) ELSE q2 = z0.qk1 END))) THEN CAST($12 AS TEXT) ELSE CAST($13 AS TEXT) END AS q3 FROM s8),
s10 AS (SELECT q3 AS q4, count(*) AS q5 FROM s9 GROUP BY q3)
SELECT q4 AS c0, q5 AS c1 FROM s10 ORDER BY q5 DESC NULLS LAST, mc2c_num(CAST(q4 AS TEXT)) ASC NULLS LAST, q4 ASC NULLS LAST LIMIT CAST($14 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","av","process",2500,"main",1795132800000,1795219200000,"mimecast","plain","flagged",10000]

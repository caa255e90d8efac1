WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_category) = CAST($4 AS TEXT))),
s1 AS (SELECT *, x_rejectiontype AS q1, (mc2c_json(raw) #>> mc2c_json_path(CAST($5 AS TEXT))) AS q2 FROM s0),
s2 AS (SELECT * FROM s1 WHERE ((NOT (q1 IS NULL)) OR (NOT (q2 IS NULL)))),
s3 AS (SELECT q1 AS qk0, row_number() OVER (ORDER BY messagetime DESC NULLS LAST) AS qrn FROM s2),
s4 AS (SELECT qk0 FROM s3 GROUP BY qk0 ORDER BY min(qrn) LIMIT CAST($6 AS BIGINT)),
s5 AS (SELECT * FROM messages WHERE idx = CAST($7 AS TEXT) AND messagetime >= CAST($8 AS BIGINT) AND messagetime < CAST($9 AS BIGINT) AND ((lower(source_category) = CAST($10 AS TEXT)) AND EXISTS (SELECT 1 FROM s4 AS z0 WHERE coalesce((strpos(lower(raw), lower(z0.qk0)) > 0), false)))),
s6 AS (SELECT *, x_eventtype AS q1 FROM s5),
s7 AS (SELECT * FROM s6 WHERE (NOT (q1 IS NULL))),
s8 AS (SELECT q1 AS q2, count(*) AS q3 FROM s7 GROUP BY q1)
SELECT q2 AS c0, q3 AS c1 FROM s8 ORDER BY q3 DESC NULLS LAST, mc2c_num(CAST(q2 AS TEXT)) ASC NULLS LAST, q2 ASC NULLS LAST LIMIT CAST($11 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","$.\"fileName\"",2500,"main",1795132800000,1795219200000,"mimecast",10000]

WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_category) = CAST($4 AS TEXT))),
s1 AS (SELECT *, x_eventtype AS q1, (mc2c_json(raw) #>> mc2c_json_path(CAST($5 AS TEXT))) AS q2 FROM s0),
s2 AS (SELECT * FROM s1 WHERE ((NOT (q1 IS NULL)) AND (NOT (q2 IS NULL)))),
s3 AS (SELECT * FROM s2 WHERE ((q1 <> CAST($6 AS TEXT)) AND CASE WHEN mc2c_num(q2) IS NOT NULL THEN mc2c_num(q2) > CAST($7 AS DOUBLE PRECISION) ELSE q2 > CAST($8 AS TEXT) END)),
s4 AS (SELECT *, (mc2c_num(CAST(q2 AS TEXT)) * CAST($9 AS DOUBLE PRECISION)) AS q3 FROM s3),
s5 AS (SELECT q1 AS q4, q3 AS q5, count(*) AS q6 FROM s4 GROUP BY q1, q3)
SELECT q4 AS c0, q5 AS c1, q6 AS c2 FROM s5 ORDER BY q6 DESC NULLS LAST, mc2c_num(CAST(q4 AS TEXT)) ASC NULLS LAST, q4 ASC NULLS LAST, q5 ASC NULLS LAST LIMIT CAST($10 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","$.\"spamScore\"","av",0,"0",2,10000]

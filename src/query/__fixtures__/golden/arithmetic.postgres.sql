WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_category) = CAST($4 AS TEXT))),
s1 AS (SELECT *, (mc2c_json(raw) #>> mc2c_json_path(CAST($5 AS TEXT))) AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT *, ((mc2c_num(CAST(q1 AS TEXT)) * CAST($6 AS DOUBLE PRECISION)) + CAST($7 AS DOUBLE PRECISION)) AS q2 FROM s2),
s4 AS (SELECT * FROM s3 WHERE (q2 > CAST($8 AS DOUBLE PRECISION))),
s5 AS (SELECT count(*) AS q3 FROM s4)
SELECT q3 AS c0 FROM s5 ORDER BY q3 DESC NULLS LAST LIMIT CAST($9 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","$.\"spamScore\"",2,1,15,10000]

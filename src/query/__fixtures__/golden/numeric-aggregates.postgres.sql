WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_category) = CAST($4 AS TEXT))),
s1 AS (SELECT *, (mc2c_json(raw) #>> mc2c_json_path(CAST($5 AS TEXT))) AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT sum(mc2c_num(CAST(q1 AS TEXT))) AS q2, avg(mc2c_num(CAST(q1 AS TEXT))) AS q3, min(mc2c_num(CAST(q1 AS TEXT))) AS q4, max(mc2c_num(CAST(q1 AS TEXT))) AS q5, percentile_cont(CAST($6 AS DOUBLE PRECISION)) WITHIN GROUP (ORDER BY mc2c_num(CAST(q1 AS TEXT))) AS q6 FROM s2)
SELECT q2 AS c0, q3 AS c1, q4 AS c2, q5 AS c3, q6 AS c4 FROM s3 ORDER BY q2 DESC NULLS LAST LIMIT CAST($7 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","$.\"spamScore\"",0.5,10000]

WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND ((lower(source_category) = CAST($4 AS TEXT)) AND (lower(source_name) = CAST($5 AS TEXT)))),
s1 AS (SELECT *, (mc2c_json(raw) #>> mc2c_json_path(CAST($6 AS TEXT))) AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT *, sum(mc2c_num(CAST(q1 AS TEXT))) OVER (ORDER BY messagetime DESC NULLS LAST, raw ASC NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS q2 FROM s2),
s4 AS (SELECT *, lag(mc2c_num(CAST(q1 AS TEXT)), 1) OVER (ORDER BY messagetime DESC NULLS LAST, raw ASC NULLS LAST, raw ASC NULLS LAST) AS q3 FROM s3)
SELECT raw AS c0, messagetime AS c1, q1 AS c2, q2 AS c3, q3 AS c4, fields AS c5 FROM s4 ORDER BY messagetime DESC NULLS LAST, raw ASC NULLS LAST, raw ASC NULLS LAST LIMIT CAST($7 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","siem","$.\"spamScore\"",10000]

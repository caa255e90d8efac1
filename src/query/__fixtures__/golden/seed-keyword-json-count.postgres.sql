WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND ((lower(source_category) = CAST($4 AS TEXT)) AND (coalesce((strpos(lower(raw), CAST($5 AS TEXT)) > 0), false) AND coalesce((raw ~ mc2c_re(CAST($6 AS TEXT))), false)))),
s1 AS (SELECT *, (mc2c_json(raw) #>> mc2c_json_path(CAST($7 AS TEXT))) AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (q1 = CAST($8 AS TEXT))),
s3 AS (SELECT q1 AS q2, count(*) AS q3 FROM s2 GROUP BY q1)
SELECT q2 AS c0, q3 AS c1 FROM s3 ORDER BY q3 DESC NULLS LAST, mc2c_num(CAST(q2 AS TEXT)) ASC NULLS LAST, q2 ASC NULLS LAST LIMIT CAST($9 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"x","keyword","(?i)(?:^|[^A-Za-z0-9_])keyword(?:[^A-Za-z0-9_]|$)","$.\"a\"","b",10000]

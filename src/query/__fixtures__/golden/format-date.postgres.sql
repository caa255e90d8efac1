WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_name) = CAST($4 AS TEXT))),
s1 AS (SELECT *, to_char((to_timestamp(CAST(messagetime AS BIGINT) / 1000.0) AT TIME ZONE CAST($5 AS TEXT)), mc2c_strftime(CAST($6 AS TEXT))) AS q1 FROM s0),
s2 AS (SELECT q1 AS q2, count(*) AS q3 FROM s1 GROUP BY q1)
SELECT q2 AS c0, q3 AS c1 FROM s2 ORDER BY q3 DESC NULLS LAST, mc2c_num(CAST(q2 AS TEXT)) ASC NULLS LAST, q2 ASC NULLS LAST LIMIT CAST($7 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"dlp","UTC","%Y-%m-%d %H",10000]

WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_name) = CAST($4 AS TEXT))),
s1 AS (SELECT *, CAST($5 AS TEXT) AS q1 FROM s0),
s2 AS (SELECT *, (mc2c_json(q1) #>> mc2c_json_path(CAST($6 AS TEXT))) AS q2 FROM s1),
s3 AS (SELECT * FROM s2 WHERE (NOT (q2 IS NULL))),
s4 AS (SELECT q2 AS q3, count(*) AS q4 FROM s3 GROUP BY q2)
SELECT q3 AS c0, q4 AS c1 FROM s4 ORDER BY q4 DESC NULLS LAST, mc2c_num(CAST(q3 AS TEXT)) ASC NULLS LAST, q3 ASC NULLS LAST LIMIT CAST($7 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"dlp","{\"k\":{\"n\":5}}","$.\"k\".\"n\"",10000]

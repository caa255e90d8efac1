WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND ((lower(source_category) = CAST($4 AS TEXT)) AND (lower(source_name) = CAST($5 AS TEXT)))),
s1 AS (SELECT *, CAST($6 AS TEXT) AS q1 FROM s0),
s2 AS (SELECT *, (mc2c_json(q1) #>> mc2c_json_path(CAST($7 AS TEXT))) AS q2, (mc2c_json(q1) #>> mc2c_json_path(CAST($8 AS TEXT))) AS q3 FROM s1),
s3 AS (SELECT q2, q3, count(*) AS q4 FROM s2 GROUP BY q2, q3)
SELECT q2 AS c0, q3 AS c1, q4 AS c2 FROM s3 ORDER BY q4 DESC NULLS LAST, mc2c_num(CAST(q2 AS TEXT)) ASC NULLS LAST, q2 ASC NULLS LAST, mc2c_num(CAST(q3 AS TEXT)) ASC NULLS LAST, q3 ASC NULLS LAST LIMIT CAST($9 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","dlp","{\"users\":[{\"n\":\"a\"},{\"n\":\"b\"}]}","$.\"users\"[1].\"n\"","$.\"users\"[0]",10000]

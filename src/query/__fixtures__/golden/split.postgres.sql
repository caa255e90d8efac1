WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_name) = CAST($4 AS TEXT))),
s1 AS (SELECT *, x_recipientaddress AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT *, (string_to_array(q1, CAST($5 AS TEXT)))[1] AS q2, (string_to_array(q1, CAST($6 AS TEXT)))[2] AS q3 FROM s2),
s4 AS (SELECT q3 AS q4, count(*) AS q5 FROM s3 GROUP BY q3)
SELECT q4 AS c0, q5 AS c1 FROM s4 ORDER BY q5 DESC NULLS LAST, mc2c_num(CAST(q4 AS TEXT)) ASC NULLS LAST, q4 ASC NULLS LAST LIMIT CAST($7 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"dlp","@","@",10000]

WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND ((lower(source_category) = CAST($4 AS TEXT)) AND (lower(source_name) = CAST($5 AS TEXT)))),
s1 AS (SELECT *, x_subject AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT *, mc2c_url_encode(concat(coalesce(q1, ''), coalesce(CAST($6 AS TEXT), ''))) AS q2 FROM s2),
s4 AS (SELECT *, mc2c_url_decode(q2) AS q3 FROM s3),
s5 AS (SELECT *, mc2c_url_decode(CAST($7 AS TEXT)) AS q4 FROM s4),
s6 AS (SELECT *, mc2c_url_decode(CAST($8 AS TEXT)) AS q5 FROM s5),
s7 AS (SELECT *, concat(coalesce(CAST($9 AS TEXT), ''), coalesce(q1, ''), coalesce(CAST($10 AS TEXT), ''), coalesce(concat(coalesce(CAST($11 AS TEXT), ''), coalesce(q2, '')), ''), coalesce(CAST($12 AS TEXT), '')) AS q6 FROM s6),
s8 AS (SELECT *, concat(coalesce(CAST($13 AS TEXT), ''), coalesce(CAST($14 AS TEXT), ''), coalesce(q1, ''), coalesce(CAST($15 AS TEXT), ''), coalesce(CAST($16 AS TEXT), ''), coalesce(CAST($17 AS TEXT), ''), coalesce(CAST($18 AS TEXT), '')) AS q7 FROM s7),
s9 AS (SELECT q1 AS q8, q2 AS q9, q3 AS q10, q4 AS q11, q5 AS q12, q6 AS q13, q7 AS q14, count(*) AS q15 FROM s8 GROUP BY q1, q2, q3, q4, q5, q6, q7)
SELECT q8 AS c0, q9 AS c1, q10 AS c2, q11 AS c3, q12 AS c4, q13 AS c5, q14 AS c6, q15 AS c7 FROM s9 ORDER BY q15 DESC NULLS LAST, mc2c_num(CAST(q8 AS TEXT)) ASC NULLS LAST, q8 ASC NULLS LAST, mc2c_num(CAST(q9 AS TEXT)) ASC NULLS LAST, q9 ASC NULLS LAST, mc2c_num(CAST(q10 AS TEXT)) ASC NULLS LAST, q10 ASC NULLS LAST, mc2c_num(CAST(q11 AS TEXT)) ASC NULLS LAST, q11 ASC NULLS LAST, mc2c_num(CAST(q12 AS TEXT)) ASC NULLS LAST, q12 ASC NULLS LAST, mc2c_num(CAST(q13 AS TEXT)) ASC NULLS LAST, q13 ASC NULLS LAST, mc2c_num(CAST(q14 AS TEXT)) ASC NULLS LAST, q14 ASC NULLS LAST LIMIT CAST($19 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","siem"," ~*/é%","a%2Bb+c%4","%FF","[","](","https://x.example/?q=",")","[","Subject: ","!","](","https://x.example",")",10000]

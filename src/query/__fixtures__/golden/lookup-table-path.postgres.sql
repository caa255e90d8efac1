WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_category) = CAST($4 AS TEXT))),
s1 AS (SELECT *, x_senderip AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT p.*, mc2c_json_key_ci(t.row_values, CAST($5 AS TEXT)) AS q2, mc2c_json_key_ci(t.row_values, CAST($6 AS TEXT)) AS q3 FROM s2 AS p LEFT JOIN (SELECT row_key, row_values FROM lookup_rows WHERE table_id = (SELECT id FROM lookup_tables WHERE path = CAST($7 AS TEXT))) AS t ON t.row_key = q1),
s4 AS (SELECT q1 AS q4, q2 AS q5, q3 AS q6, count(*) AS q7 FROM s3 GROUP BY q1, q2, q3)
SELECT q4 AS c0, q5 AS c1, q6 AS c2, q7 AS c3 FROM s4 ORDER BY q7 DESC NULLS LAST, mc2c_num(CAST(q4 AS TEXT)) ASC NULLS LAST, q4 ASC NULLS LAST, mc2c_num(CAST(q5 AS TEXT)) ASC NULLS LAST, q5 ASC NULLS LAST, mc2c_num(CAST(q6 AS TEXT)) ASC NULLS LAST, q6 ASC NULLS LAST LIMIT CAST($8 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","owner","risk","/library/users/analyst@example.com/senders",10000]

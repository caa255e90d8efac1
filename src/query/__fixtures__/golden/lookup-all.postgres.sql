WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_category) = CAST($4 AS TEXT))),
s1 AS (SELECT *, x_senderip AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT p.*, t.row_values AS q2 FROM s2 AS p LEFT JOIN (SELECT row_key, row_values FROM lookup_rows WHERE table_id = (SELECT id FROM lookup_tables WHERE path = CAST($5 AS TEXT))) AS t ON t.row_key = lower(q1)),
s4 AS (SELECT * FROM s3 WHERE (NOT (CASE WHEN (NOT (mc2c_json_key_ci(q2, CAST($6 AS TEXT)) IS NULL)) THEN mc2c_json_key_ci(q2, CAST($7 AS TEXT)) ELSE mc2c_json_key_ci(fields, CAST($8 AS TEXT)) END IS NULL))),
s5 AS (SELECT *, CASE WHEN (NOT (mc2c_json_key_ci(q2, CAST($9 AS TEXT)) IS NULL)) THEN mc2c_json_key_ci(q2, CAST($10 AS TEXT)) ELSE mc2c_json_key_ci(fields, CAST($11 AS TEXT)) END AS q4, CASE WHEN (NOT (mc2c_json_key_ci(q2, CAST($12 AS TEXT)) IS NULL)) THEN mc2c_json_key_ci(q2, CAST($13 AS TEXT)) ELSE mc2c_json_key_ci(fields, CAST($14 AS TEXT)) END AS q5 FROM s4),
s6 AS (SELECT q1 AS q3, q4, q5, count(*) AS q6 FROM s5 GROUP BY q1, q4, q5)
SELECT q3 AS c0, q4 AS c1, q5 AS c2, q6 AS c3 FROM s6 ORDER BY q6 DESC NULLS LAST, mc2c_num(CAST(q3 AS TEXT)) ASC NULLS LAST, q3 ASC NULLS LAST, mc2c_num(CAST(q4 AS TEXT)) ASC NULLS LAST, q4 ASC NULLS LAST, mc2c_num(CAST(q5 AS TEXT)) ASC NULLS LAST, q5 ASC NULLS LAST LIMIT CAST($15 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","/library/users/analyst@example.com/senders","owner","owner","owner","owner","owner","owner","risk","risk","risk",10000]

WITH s0 AS (SELECT row_key AS qkey, row_values AS qrow FROM lookup_rows WHERE table_id = (SELECT id FROM lookup_tables WHERE path = CAST($1 AS TEXT))),
s1 AS (SELECT * FROM s0 WHERE CASE WHEN mc2c_num(mc2c_json_key_ci(qrow, CAST($2 AS TEXT))) IS NOT NULL THEN mc2c_num(mc2c_json_key_ci(qrow, CAST($3 AS TEXT))) > CAST($4 AS DOUBLE PRECISION) ELSE mc2c_json_key_ci(qrow, CAST($5 AS TEXT)) > CAST($6 AS TEXT) END),
s2 AS (SELECT *, mc2c_json_key_ci(qrow, CAST($7 AS TEXT)) AS q1 FROM s1),
s3 AS (SELECT *, mc2c_json_key_ci(qrow, CAST($8 AS TEXT)) AS q2 FROM s2)
SELECT q1 AS c0, q2 AS c1 FROM s3 ORDER BY qkey ASC NULLS LAST LIMIT CAST($9 AS BIGINT)
-- params: ["/library/users/analyst@example.com/senders","risk","risk",1,"risk","1","ip","owner",10000]

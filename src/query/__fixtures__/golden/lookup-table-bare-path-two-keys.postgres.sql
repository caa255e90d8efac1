WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_category) = CAST($4 AS TEXT))),
s1 AS (SELECT *, x_senderip AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT p.*, mc2c_json_key_ci(t.row_values, CAST($5 AS TEXT)) AS q2 FROM s2 AS p LEFT JOIN (SELECT row_key, row_values FROM lookup_rows WHERE table_id = (SELECT id FROM lookup_tables WHERE path = CAST($6 AS TEXT))) AS t ON t.row_key = concat(coalesce(source_category, ''), coalesce(CAST($7 AS TEXT), ''), coalesce(q1, ''))),
s4 AS (SELECT * FROM s3 WHERE (NOT (q2 IS NULL))),
s5 AS (SELECT q1 AS q3, q2 AS q4, count(*) AS q5 FROM s4 GROUP BY q1, q2)
SELECT q3 AS c0, q4 AS c1, q5 AS c2 FROM s5 ORDER BY q5 DESC NULLS LAST, mc2c_num(CAST(q3 AS TEXT)) ASC NULLS LAST, q3 ASC NULLS LAST, mc2c_num(CAST(q4 AS TEXT)) ASC NULLS LAST, q4 ASC NULLS LAST LIMIT CAST($8 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","tag","/library/users/analyst@example.com/pairs","\u001f",10000]

WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND ((lower(source_category) = CAST($4 AS TEXT)) AND (lower(source_name) = CAST($5 AS TEXT)))),
s1 AS (SELECT *, mc2c_json_key_ci(raw, CAST($6 AS TEXT)) AS q1, mc2c_json_key_ci(raw, CAST($7 AS TEXT)) AS q2 FROM s0),
s2 AS (SELECT * FROM s1 WHERE ((mc2c_json_key_ci(fields, CAST($8 AS TEXT)) IS NULL) AND ((q1 = CAST($9 AS TEXT)) OR (q1 = CAST($10 AS TEXT))))),
s3 AS (SELECT q1 AS q3, q2 AS q4, count(*) AS q5 FROM s2 GROUP BY q1, q2)
SELECT q3 AS c0, q4 AS c1, q5 AS c2 FROM s3 ORDER BY q5 DESC NULLS LAST, mc2c_num(CAST(q3 AS TEXT)) ASC NULLS LAST, q3 ASC NULLS LAST, mc2c_num(CAST(q4 AS TEXT)) ASC NULLS LAST, q4 ASC NULLS LAST LIMIT CAST($11 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","siem","eventtype","senderip","direction","receipt","av",10000]

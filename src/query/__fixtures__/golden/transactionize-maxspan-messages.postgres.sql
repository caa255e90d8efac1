WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND ((lower(source_category) = CAST($4 AS TEXT)) AND (lower(source_name) = CAST($5 AS TEXT)))),
s1 AS (SELECT *, x_aggregateid AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT p.*, t.tx_group AS q2, t.tx_duration AS q3, t.tx_size AS q4 FROM s2 AS p LEFT JOIN (SELECT g.s AS tx_source, g.k AS tx_key, g.g AS tx_group, g.d AS tx_duration, g.n AS tx_size FROM json_to_recordset(CAST($6 AS JSON)) AS g(s TEXT, k TEXT, g BIGINT, d BIGINT, n BIGINT)) AS t ON t.tx_source = p.source_id AND t.tx_key = p.dedupe_key),
s4 AS (SELECT * FROM s3 WHERE (q1 = CAST($7 AS TEXT)))
SELECT raw AS c0, messagetime AS c1, q1 AS c2, q2 AS c3, q4 AS c4, q3 AS c5, fields AS c6 FROM s4 ORDER BY messagetime DESC NULLS LAST LIMIT CAST($8 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","siem",{"transactionTable":0},"A2",10000]

WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_category) = CAST($4 AS TEXT))),
s1 AS (SELECT *, x_senderip AS q1 FROM s0),
s2 AS (SELECT p.*, t.tx_group AS q2, t.tx_duration AS q3, t.tx_size AS q4 FROM s1 AS p JOIN (SELECT g.s AS tx_source, g.k AS tx_key, g.g AS tx_group, g.d AS tx_duration, g.n AS tx_size FROM json_to_recordset(CAST($5 AS JSON)) AS g(s TEXT, k TEXT, g BIGINT, d BIGINT, n BIGINT)) AS t ON t.tx_source = p.source_id AND t.tx_key = p.dedupe_key),
s3 AS (SELECT count(*) AS q5 FROM s2)
SELECT q5 AS c0 FROM s3 ORDER BY q5 DESC NULLS LAST LIMIT CAST($6 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast",{"transactionTable":0},10000]

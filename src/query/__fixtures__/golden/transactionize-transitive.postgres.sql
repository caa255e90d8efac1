WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND ((lower(source_category) = CAST($4 AS TEXT)) AND (lower(source_name) = CAST($5 AS TEXT)))),
s1 AS (SELECT *, x_aggregateid AS q1, x_tlsused AS q2 FROM s0),
s2 AS (SELECT p.*, t.tx_group AS q3, t.tx_duration AS q4, t.tx_size AS q5 FROM s1 AS p LEFT JOIN (SELECT g.s AS tx_source, g.k AS tx_key, g.g AS tx_group, g.d AS tx_duration, g.n AS tx_size FROM json_to_recordset(CAST($6 AS JSON)) AS g(s TEXT, k TEXT, g BIGINT, d BIGINT, n BIGINT)) AS t ON t.tx_source = p.source_id AND t.tx_key = p.dedupe_key),
s3 AS (SELECT q3 AS q6, q5 AS q7, q4 AS q8, count(*) AS q9 FROM s2 GROUP BY q3, q5, q4)
SELECT q6 AS c0, q7 AS c1, q8 AS c2, q9 AS c3 FROM s3 ORDER BY q6 ASC NULLS LAST, q9 DESC NULLS LAST, q6 ASC NULLS LAST, q7 ASC NULLS LAST, q8 ASC NULLS LAST LIMIT CAST($7 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","siem",{"transactionTable":0},10000]

WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (lower(source_category) = CAST(? AS VARCHAR))),
s1 AS (SELECT *, x_senderip AS q1 FROM s0),
s2 AS (SELECT p.*, t.tx_group AS q2, t.tx_duration AS q3, t.tx_size AS q4 FROM s1 AS p JOIN (SELECT g.s AS tx_source, g.k AS tx_key, g.g AS tx_group, g.d AS tx_duration, g.n AS tx_size FROM (SELECT unnest(from_json(?, '[{"s":"VARCHAR","k":"VARCHAR","g":"BIGINT","d":"BIGINT","n":"BIGINT"}]')) AS g)) AS t ON t.tx_source = p.source_id AND t.tx_key = p.dedupe_key),
s3 AS (SELECT count(*) AS q5 FROM s2)
SELECT q5 AS c0 FROM s3 ORDER BY q5 DESC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast",{"transactionTable":0},10000]

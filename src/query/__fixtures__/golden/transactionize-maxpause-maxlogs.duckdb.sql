WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND ((lower(source_category) = CAST(? AS VARCHAR)) AND (lower(source_name) = CAST(? AS VARCHAR)))),
s1 AS (SELECT *, x_aggregateid AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT p.*, t.tx_group AS q2, t.tx_duration AS q3, t.tx_size AS q4 FROM s2 AS p LEFT JOIN (SELECT g.s AS tx_source, g.k AS tx_key, g.g AS tx_group, g.d AS tx_duration, g.n AS tx_size FROM (SELECT unnest(from_json(?, '[{"s":"VARCHAR","k":"VARCHAR","g":"BIGINT","d":"BIGINT","n":"BIGINT"}]')) AS g)) AS t ON t.tx_source = p.source_id AND t.tx_key = p.dedupe_key),
s4 AS (SELECT q2 AS q5, q4 AS q6, count(*) AS q7 FROM s3 GROUP BY q2, q4)
SELECT q5 AS c0, q6 AS c1, q7 AS c2 FROM s4 ORDER BY q5 ASC NULLS LAST, q7 DESC NULLS LAST, q5 ASC NULLS LAST, q6 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","siem",{"transactionTable":0},10000]

WITH s0 AS (SELECT *, rowid AS rid FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND ((lower(source_category) = CAST(? AS VARCHAR)) AND (lower(source_name) = CAST(? AS VARCHAR)))),
s1 AS (SELECT *, x_aggregateid AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT p.*, t.tx_group AS q2, t.tx_duration AS q3, t.tx_size AS q4 FROM s2 AS p LEFT JOIN (SELECT g.s AS tx_source, g.k AS tx_key, g.g AS tx_group, g.d AS tx_duration, g.n AS tx_size FROM (SELECT unnest(from_json(?, '[{"s":"VARCHAR","k":"VARCHAR","g":"BIGINT","d":"BIGINT","n":"BIGINT"}]')) AS g)) AS t ON t.tx_source = p.source_id AND t.tx_key = p.dedupe_key),
s4 AS (SELECT * FROM s3 WHERE (q1 = CAST(? AS VARCHAR))),
page AS (SELECT rid, messagetime AS c1, q1 AS c2, q2 AS c3, q4 AS c4, q3 AS c5, messagetime AS o0 FROM s4 ORDER BY o0 DESC NULLS LAST LIMIT CAST(? AS BIGINT))
SELECT m.raw AS c0, page.c1, page.c2, page.c3, page.c4, page.c5, m.fields AS c6 FROM page JOIN messages AS m ON m.rowid = page.rid ORDER BY page.o0 DESC NULLS LAST
-- params: ["main",1795132800000,1795219200000,"mimecast","siem",{"transactionTable":0},"A2",10000]

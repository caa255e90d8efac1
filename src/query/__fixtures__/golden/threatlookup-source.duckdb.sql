WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (lower(source_category) = CAST(? AS VARCHAR))),
s1 AS (SELECT *, x_senderip AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT p.*, t.actors AS q2, t.confidence AS q3, t.fields AS q4, t.id AS q5, t.imported AS q6, t.indicator AS q7, t.kill_chain AS q8, t.source AS q9, t.threat_type AS q10, t.type AS q11, t.updated AS q12, t.valid_from AS q13, t.valid_until AS q14 FROM s2 AS p LEFT JOIN (SELECT * FROM threat_indicators WHERE (valid_until IS NULL OR valid_until > CAST(? AS BIGINT)) AND source = CAST(? AS VARCHAR)) AS t ON t.match_key = lower(q1)),
s4 AS (SELECT q2 AS q15, count(*) AS q16 FROM s3 GROUP BY q2)
SELECT q15 AS c0, q16 AS c1 FROM s4 ORDER BY q16 DESC NULLS LAST, TRY_CAST(q15 AS DOUBLE) ASC NULLS LAST, q15 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast",1795219200000,"feed-b",10000]

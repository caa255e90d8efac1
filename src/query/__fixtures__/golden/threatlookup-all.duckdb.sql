WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (lower(source_category) = CAST(? AS VARCHAR))),
s1 AS (SELECT *, x_senderip AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT q1 AS q2, count(*) AS q3 FROM s2 GROUP BY q1),
s4 AS (SELECT p.*, t.actors AS q4, t.confidence AS q5, t.fields AS q6, t.id AS q7, t.imported AS q8, t.indicator AS q9, t.kill_chain AS q10, t.source AS q11, t.threat_type AS q12, t.type AS q13, t.updated AS q14, t.valid_from AS q15, t.valid_until AS q16 FROM s3 AS p LEFT JOIN (SELECT * FROM threat_indicators WHERE (valid_until IS NULL OR valid_until > CAST(? AS BIGINT))) AS t ON t.match_key = lower(q2)),
s5 AS (SELECT * FROM s4 WHERE (q5 > CAST(? AS DOUBLE))),
s6 AS (SELECT q11 AS q17, q16 AS q18, count(*) AS q19 FROM s5 GROUP BY q11, q16)
SELECT q17 AS c0, q18 AS c1, q19 AS c2 FROM s6 ORDER BY q19 DESC NULLS LAST, TRY_CAST(q17 AS DOUBLE) ASC NULLS LAST, q17 ASC NULLS LAST, q18 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast",1795219200000,50,10000]

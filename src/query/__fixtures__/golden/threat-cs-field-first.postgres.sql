WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_category) = CAST($4 AS TEXT))),
s1 AS (SELECT *, x_senderip AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT q1 AS q2, count(*) AS q3 FROM s2 GROUP BY q1),
s4 AS (SELECT p.*, t.actors AS q4 FROM s3 AS p LEFT JOIN (SELECT *, row_number() OVER (PARTITION BY match_key ORDER BY confidence DESC NULLS LAST, updated DESC, source, id) AS best, count(*) OVER (PARTITION BY match_key) AS num_matches FROM threat_indicators WHERE (valid_until IS NULL OR valid_until > CAST($5 AS BIGINT))) AS t ON t.match_key = lower(q2) AND t.best = 1),
s5 AS (SELECT * FROM s4 WHERE (NOT (q4 IS NULL)))
SELECT q2 AS c0, q3 AS c1, q4 AS c2 FROM s5 ORDER BY q3 DESC NULLS LAST, mc2c_num(CAST(q2 AS TEXT)) ASC NULLS LAST, q2 ASC NULLS LAST LIMIT CAST($6 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast",1795219200000,10000]

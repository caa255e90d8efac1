WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_category) = CAST($4 AS TEXT))),
s1 AS (SELECT *, x_senderip AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT p.*, t.actors AS q2, t.threat_level AS q3, t.raw AS q4, t.cs_type AS q5 FROM s2 AS p LEFT JOIN (SELECT *, row_number() OVER (PARTITION BY match_key ORDER BY confidence DESC NULLS LAST, updated DESC, source, id) AS best, count(*) OVER (PARTITION BY match_key) AS num_matches FROM threat_indicators WHERE (valid_until IS NULL OR valid_until > CAST($5 AS BIGINT))) AS t ON t.match_key = lower(q1) AND t.best = 1),
s4 AS (SELECT q1 AS q6, q2 AS q7, q3 AS q8, q5 AS q9, count(*) AS q10 FROM s3 GROUP BY q1, q2, q3, q5)
SELECT q6 AS c0, q7 AS c1, q8 AS c2, q9 AS c3, q10 AS c4 FROM s4 ORDER BY q10 DESC NULLS LAST, mc2c_num(CAST(q6 AS TEXT)) ASC NULLS LAST, q6 ASC NULLS LAST, mc2c_num(CAST(q7 AS TEXT)) ASC NULLS LAST, q7 ASC NULLS LAST, mc2c_num(CAST(q8 AS TEXT)) ASC NULLS LAST, q8 ASC NULLS LAST, mc2c_num(CAST(q9 AS TEXT)) ASC NULLS LAST, q9 ASC NULLS LAST LIMIT CAST($6 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast",1795219200000,10000]

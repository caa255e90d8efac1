WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_name) = CAST($4 AS TEXT))),
s1 AS (SELECT *, generate_series(0::BIGINT, regexp_count(raw, mc2c_re(CAST($5 AS TEXT))) - 1) AS q1 FROM s0),
s2 AS (SELECT *, (SELECT m[1 + 1] FROM regexp_matches(raw, mc2c_re(CAST($6 AS TEXT)), 'g') WITH ORDINALITY AS t(m, k) WHERE k = q1 + 1) AS q2 FROM s1),
s3 AS (SELECT q2 AS q3, count(*) AS q4 FROM s2 GROUP BY q2)
SELECT q3 AS c0, q4 AS c1 FROM s3 ORDER BY q4 DESC NULLS LAST, mc2c_num(CAST(q3 AS TEXT)) ASC NULLS LAST, q3 ASC NULLS LAST LIMIT CAST($7 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"dlp","\"(?P<key>[a-z]+)\":","\"(?P<key>[a-z]+)\":",10000]

WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_name) = CAST($4 AS TEXT))),
s1 AS (SELECT *, CAST($5 AS TEXT) AS q1 FROM s0),
s2 AS (SELECT *, regexp_replace((SELECT m[2] FROM regexp_matches(q1 || CAST($6 AS TEXT), mc2c_re(CAST($7 AS TEXT)), 'g') WITH ORDINALITY AS t(m, k) WHERE k = 2), mc2c_re(CAST($8 AS TEXT)), '\2') AS q2, regexp_replace((SELECT m[2] FROM regexp_matches(q1 || CAST($9 AS TEXT), mc2c_re(CAST($10 AS TEXT)), 'g') WITH ORDINALITY AS t(m, k) WHERE k = 3), mc2c_re(CAST($11 AS TEXT)), '\2') AS q3 FROM s1),
s3 AS (SELECT q2 AS q4, q3 AS q5, count(*) AS q6 FROM s2 GROUP BY q2, q3)
SELECT q4 AS c0, q5 AS c1, q6 AS c2 FROM s3 ORDER BY q6 DESC NULLS LAST, mc2c_num(CAST(q4 AS TEXT)) ASC NULLS LAST, q4 ASC NULLS LAST, mc2c_num(CAST(q5 AS TEXT)) ASC NULLS LAST, q5 ASC NULLS LAST LIMIT CAST($12 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"dlp","x,\"y,z\",w",",","((?:\"[^\"]*\"|[^,\"])*),","^\"(.*)\"$",",","((?:\"[^\"]*\"|[^,\"])*),","^\"(.*)\"$",10000]

WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_category) = CAST($4 AS TEXT))),
s1 AS (SELECT *, CASE WHEN coalesce((raw ~ mc2c_re(CAST($5 AS TEXT))), false) THEN CASE WHEN raw IS NULL THEN NULL ELSE coalesce((regexp_match(raw, mc2c_re(CAST($6 AS TEXT))))[1 + 1], '') END ELSE NULL END AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE coalesce((raw ~ mc2c_re(CAST($7 AS TEXT))), false)),
s3 AS (SELECT q1 AS q2, count(*) AS q3 FROM s2 GROUP BY q1)
SELECT q2 AS c0, q3 AS c1 FROM s3 ORDER BY q3 DESC NULLS LAST, mc2c_num(CAST(q2 AS TEXT)) ASC NULLS LAST, q2 ASC NULLS LAST LIMIT CAST($8 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"x","line[\\s\\S]*?(?:=(\\w+))","line[\\s\\S]*?(?:=(\\w+))","line[\\s\\S]*?(?:=(\\w+))",10000]

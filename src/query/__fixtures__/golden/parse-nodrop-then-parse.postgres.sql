WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_category) = CAST($4 AS TEXT))),
s1 AS (SELECT *, CASE WHEN coalesce((raw ~ mc2c_re(CAST($5 AS TEXT))), false) THEN CASE WHEN raw IS NULL THEN NULL ELSE coalesce((regexp_match(raw, mc2c_re(CAST($6 AS TEXT))))[1 + 1], '') END ELSE NULL END AS q1 FROM s0),
s2 AS (SELECT *, CASE WHEN coalesce((raw ~ mc2c_re(CAST($7 AS TEXT))), false) THEN CASE WHEN raw IS NULL THEN NULL ELSE coalesce((regexp_match(raw, mc2c_re(CAST($8 AS TEXT))))[1 + 1], '') END ELSE q1 END AS q2 FROM s1),
s3 AS (SELECT * FROM s2 WHERE (coalesce((raw ~ mc2c_re(CAST($9 AS TEXT))), false) OR coalesce((raw ~ mc2c_re(CAST($10 AS TEXT))), false))),
s4 AS (SELECT q2 AS q3, count(*) AS q4 FROM s3 GROUP BY q2)
SELECT q3 AS c0, q4 AS c1 FROM s4 ORDER BY q4 DESC NULLS LAST, mc2c_num(CAST(q3 AS TEXT)) ASC NULLS LAST, q3 ASC NULLS LAST LIMIT CAST($11 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","(?i)\"eventType\":\"deli(.*?)\"","(?i)\"eventType\":\"deli(.*?)\"","(?i)\"eventType\":\"rec(.*?)\"","(?i)\"eventType\":\"rec(.*?)\"","(?i)\"eventType\":\"rec(.*?)\"","(?i)\"eventType\":\"deli(.*?)\"",10000]

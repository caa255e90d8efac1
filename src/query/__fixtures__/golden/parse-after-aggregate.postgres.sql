WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_category) = CAST($4 AS TEXT))),
s1 AS (SELECT *, x_senderenvelope AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT q1 AS q2, count(*) AS q3 FROM s2 GROUP BY q1),
s4 AS (SELECT *, CASE WHEN coalesce((q2 ~ mc2c_re(CAST($5 AS TEXT))), false) THEN CASE WHEN q2 IS NULL THEN NULL ELSE coalesce((regexp_match(q2, mc2c_re(CAST($6 AS TEXT))))[1 + 1], '') END ELSE NULL END AS q4, CASE WHEN coalesce((q2 ~ mc2c_re(CAST($7 AS TEXT))), false) THEN CASE WHEN q2 IS NULL THEN NULL ELSE coalesce((regexp_match(q2, mc2c_re(CAST($8 AS TEXT))))[2 + 1], '') END ELSE NULL END AS q5 FROM s3),
s5 AS (SELECT * FROM s4 WHERE coalesce((q2 ~ mc2c_re(CAST($9 AS TEXT))), false)),
s6 AS (SELECT *, CASE WHEN coalesce((q5 ~ mc2c_re(CAST($10 AS TEXT))), false) THEN CASE WHEN q5 IS NULL THEN NULL ELSE coalesce((regexp_match(q5, mc2c_re(CAST($11 AS TEXT))))[1 + 1], '') END ELSE NULL END AS q6 FROM s5),
s7 AS (SELECT * FROM s6 WHERE coalesce((q5 ~ mc2c_re(CAST($12 AS TEXT))), false)),
s8 AS (SELECT * FROM s7 WHERE (q6 <> CAST($13 AS TEXT))),
s9 AS (SELECT q6 AS q7, count(*) AS q8 FROM s8 GROUP BY q6)
SELECT q7 AS c0, q8 AS c1 FROM s9 ORDER BY q8 DESC NULLS LAST, mc2c_num(CAST(q7 AS TEXT)) ASC NULLS LAST, q7 ASC NULLS LAST LIMIT CAST($14 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","(?i)(.*?)@(.*)","(?i)(.*?)@(.*)","(?i)(.*?)@(.*)","(?i)(.*?)@(.*)","(?i)(.*?)@(.*)","\\.(?P<tld>[a-z]+)$","\\.(?P<tld>[a-z]+)$","\\.(?P<tld>[a-z]+)$","com",10000]

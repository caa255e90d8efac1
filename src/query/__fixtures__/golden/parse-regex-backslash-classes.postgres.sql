WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_category) = CAST($4 AS TEXT))),
s1 AS (SELECT *, x_senderip AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT *, CASE WHEN coalesce((q1 ~ mc2c_re(CAST($5 AS TEXT))), false) THEN CASE WHEN q1 IS NULL THEN NULL ELSE coalesce((regexp_match(q1, mc2c_re(CAST($6 AS TEXT))))[1 + 1], '') END ELSE NULL END AS q2, CASE WHEN coalesce((q1 ~ mc2c_re(CAST($7 AS TEXT))), false) THEN CASE WHEN q1 IS NULL THEN NULL ELSE coalesce((regexp_match(q1, mc2c_re(CAST($8 AS TEXT))))[2 + 1], '') END ELSE NULL END AS q3 FROM s2),
s4 AS (SELECT * FROM s3 WHERE coalesce((q1 ~ mc2c_re(CAST($9 AS TEXT))), false)),
s5 AS (SELECT q2 AS q4, q3 AS q5, count(*) AS q6 FROM s4 GROUP BY q2, q3)
SELECT q4 AS c0, q5 AS c1, q6 AS c2 FROM s5 ORDER BY q6 DESC NULLS LAST, mc2c_num(CAST(q4 AS TEXT)) ASC NULLS LAST, q4 ASC NULLS LAST, mc2c_num(CAST(q5 AS TEXT)) ASC NULLS LAST, q5 ASC NULLS LAST LIMIT CAST($10 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","(?P<first>\\d+)\\.(?P<second>\\d+)","(?P<first>\\d+)\\.(?P<second>\\d+)","(?P<first>\\d+)\\.(?P<second>\\d+)","(?P<first>\\d+)\\.(?P<second>\\d+)","(?P<first>\\d+)\\.(?P<second>\\d+)",10000]

WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (lower(source_category) = CAST(? AS VARCHAR))),
s1 AS (SELECT *, x_senderenvelope AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT q1 AS q2, count(*) AS q3 FROM s2 GROUP BY q1),
s4 AS (SELECT *, CASE WHEN coalesce(regexp_matches(q2, CAST(? AS VARCHAR)), false) THEN regexp_extract(q2, CAST(? AS VARCHAR), 1) ELSE NULL END AS q4, CASE WHEN coalesce(regexp_matches(q2, CAST(? AS VARCHAR)), false) THEN regexp_extract(q2, CAST(? AS VARCHAR), 2) ELSE NULL END AS q5 FROM s3),
s5 AS (SELECT * FROM s4 WHERE coalesce(regexp_matches(q2, CAST(? AS VARCHAR)), false)),
s6 AS (SELECT *, CASE WHEN coalesce(regexp_matches(q5, CAST(? AS VARCHAR)), false) THEN regexp_extract(q5, CAST(? AS VARCHAR), 1) ELSE NULL END AS q6 FROM s5),
s7 AS (SELECT * FROM s6 WHERE coalesce(regexp_matches(q5, CAST(? AS VARCHAR)), false)),
s8 AS (SELECT * FROM s7 WHERE (q6 <> CAST(? AS VARCHAR))),
s9 AS (SELECT q6 AS q7, count(*) AS q8 FROM s8 GROUP BY q6)
SELECT q7 AS c0, q8 AS c1 FROM s9 ORDER BY q8 DESC NULLS LAST, TRY_CAST(q7 AS DOUBLE) ASC NULLS LAST, q7 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","(?i)(.*?)@(.*)","(?i)(.*?)@(.*)","(?i)(.*?)@(.*)","(?i)(.*?)@(.*)","(?i)(.*?)@(.*)","\\.(?P<tld>[a-z]+)$","\\.(?P<tld>[a-z]+)$","\\.(?P<tld>[a-z]+)$","com",10000]

WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (lower(source_category) = CAST(? AS VARCHAR))),
s1 AS (SELECT *, x_senderip AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT *, coalesce(coalesce(regexp_matches(q1, '^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$'), false), false) AS q2 FROM s2),
s4 AS (SELECT *, coalesce(coalesce(regexp_matches(q1, '^[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*$'), false), false) AS q3 FROM s3),
s5 AS (SELECT *, coalesce(coalesce(regexp_matches(q1, '^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$') AND regexp_matches(q1, '^(10|172\.(1[6-9]|2[0-9]|3[01])|192\.168)\.'), false), false) AS q4 FROM s4),
s6 AS (SELECT *, coalesce(coalesce(regexp_matches(q1, '^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$') AND NOT regexp_matches(q1, '^((0|10|127|22[4-9]|2[3-5][0-9])|172\.(1[6-9]|2[0-9]|3[01])|192\.168|169\.254|100\.(6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7]))\.'), false), false) AS q5 FROM s5),
s7 AS (SELECT q2 AS q6, q3 AS q7, q4 AS q8, q5 AS q9, count(*) AS q10 FROM s6 GROUP BY q2, q3, q4, q5)
SELECT q6 AS c0, q7 AS c1, q8 AS c2, q9 AS c3, q10 AS c4 FROM s7 ORDER BY q10 DESC NULLS LAST, q6 ASC NULLS LAST, q7 ASC NULLS LAST, q8 ASC NULLS LAST, q9 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast",10000]

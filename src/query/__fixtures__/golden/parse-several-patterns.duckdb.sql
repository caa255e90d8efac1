WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (lower(source_category) = CAST(? AS VARCHAR))),
s1 AS (SELECT *, CASE WHEN coalesce(regexp_matches(raw, CAST(? AS VARCHAR)), false) THEN regexp_extract(raw, CAST(? AS VARCHAR), 1) ELSE NULL END AS q1 FROM s0),
s2 AS (SELECT *, CASE WHEN coalesce(regexp_matches(raw, CAST(? AS VARCHAR)), false) THEN regexp_extract(raw, CAST(? AS VARCHAR), 1) ELSE NULL END AS q2 FROM s1),
s3 AS (SELECT * FROM s2 WHERE (coalesce(regexp_matches(raw, CAST(? AS VARCHAR)), false) OR coalesce(regexp_matches(raw, CAST(? AS VARCHAR)), false))),
s4 AS (SELECT q1 AS q3, q2 AS q4, count(*) AS q5 FROM s3 GROUP BY q1, q2)
SELECT q3 AS c0, q4 AS c1, q5 AS c2 FROM s4 ORDER BY q5 DESC NULLS LAST, TRY_CAST(q3 AS DOUBLE) ASC NULLS LAST, q3 ASC NULLS LAST, TRY_CAST(q4 AS DOUBLE) ASC NULLS LAST, q4 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","(?i)\"senderIp\":\"(.*?)\"","(?i)\"senderIp\":\"(.*?)\"","(?i)\"subject\":\"(.*?)\"","(?i)\"subject\":\"(.*?)\"","(?i)\"senderIp\":\"(.*?)\"","(?i)\"subject\":\"(.*?)\"",10000]

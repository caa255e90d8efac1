WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (lower(source_category) = CAST(? AS VARCHAR))),
s1 AS (SELECT *, CASE WHEN coalesce(regexp_matches(raw, CAST(? AS VARCHAR)), false) THEN regexp_extract(raw, CAST(? AS VARCHAR), 1) ELSE NULL END AS q1 FROM s0),
s2 AS (SELECT *, CASE WHEN coalesce(regexp_matches(raw, CAST(? AS VARCHAR)), false) THEN regexp_extract(raw, CAST(? AS VARCHAR), 1) ELSE q1 END AS q2 FROM s1),
s3 AS (SELECT * FROM s2 WHERE (coalesce(regexp_matches(raw, CAST(? AS VARCHAR)), false) OR coalesce(regexp_matches(raw, CAST(? AS VARCHAR)), false))),
s4 AS (SELECT q2 AS q3, count(*) AS q4 FROM s3 GROUP BY q2)
SELECT q3 AS c0, q4 AS c1 FROM s4 ORDER BY q4 DESC NULLS LAST, TRY_CAST(q3 AS DOUBLE) ASC NULLS LAST, q3 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","(?i)\"eventType\":\"deli(.*?)\"","(?i)\"eventType\":\"deli(.*?)\"","(?i)\"eventType\":\"rec(.*?)\"","(?i)\"eventType\":\"rec(.*?)\"","(?i)\"eventType\":\"rec(.*?)\"","(?i)\"eventType\":\"deli(.*?)\"",10000]

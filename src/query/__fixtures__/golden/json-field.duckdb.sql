WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (lower(source_name) = CAST(? AS VARCHAR))),
s1 AS (SELECT *, CAST(? AS VARCHAR) AS q1 FROM s0),
s2 AS (SELECT *, TRY(json_extract_string(q1, CAST(? AS VARCHAR))) AS q2 FROM s1),
s3 AS (SELECT * FROM s2 WHERE (NOT (q2 IS NULL))),
s4 AS (SELECT q2 AS q3, count(*) AS q4 FROM s3 GROUP BY q2)
SELECT q3 AS c0, q4 AS c1 FROM s4 ORDER BY q4 DESC NULLS LAST, TRY_CAST(q3 AS DOUBLE) ASC NULLS LAST, q3 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"dlp","{\"k\":{\"n\":5}}","$.\"k\".\"n\"",10000]

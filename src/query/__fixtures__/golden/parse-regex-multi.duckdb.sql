WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (lower(source_name) = CAST(? AS VARCHAR))),
s1 AS (SELECT *, unnest(range(len(regexp_extract_all(raw, CAST(? AS VARCHAR), 0)))) AS q1 FROM s0),
s2 AS (SELECT *, regexp_extract_all(raw, CAST(? AS VARCHAR), 1)[q1 + 1] AS q2 FROM s1),
s3 AS (SELECT q2 AS q3, count(*) AS q4 FROM s2 GROUP BY q2)
SELECT q3 AS c0, q4 AS c1 FROM s3 ORDER BY q4 DESC NULLS LAST, TRY_CAST(q3 AS DOUBLE) ASC NULLS LAST, q3 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"dlp","\"(?P<key>[a-z]+)\":","\"(?P<key>[a-z]+)\":",10000]

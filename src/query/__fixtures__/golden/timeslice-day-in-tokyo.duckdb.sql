WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (lower(source_name) = CAST(? AS VARCHAR))),
s1 AS (SELECT *, epoch_ms(time_bucket(to_milliseconds(CAST(CAST(? AS DOUBLE) AS BIGINT)), make_timestamptz(CAST(messagetime AS BIGINT) * 1000), CAST(? AS VARCHAR))) AS q1 FROM s0),
s2 AS (SELECT q1 AS q2, count(*) AS q3 FROM s1 GROUP BY q1)
SELECT q2 AS c0, q3 AS c1 FROM s2 ORDER BY q3 DESC NULLS LAST, q2 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"dlp",86400000,"Asia/Tokyo",10000]

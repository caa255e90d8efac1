WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND ((lower(source_category) = CAST(? AS VARCHAR)) AND (lower(source_name) = CAST(? AS VARCHAR)))),
s1 AS (SELECT *, (messagetime - ((messagetime - CAST(? AS DOUBLE)) % CAST(? AS DOUBLE))) AS q1 FROM s0),
s2 AS (SELECT q1 AS q2, count(*) AS q3 FROM s1 GROUP BY q1)
SELECT q2 AS c0, q3 AS c1 FROM s2 ORDER BY q3 DESC NULLS LAST, q2 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","dlp",946857600000,3600000,10000]

WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (lower(source_category) = CAST(? AS VARCHAR))),
s1 AS (SELECT * FROM s0 WHERE (x_eventtype = CAST(? AS VARCHAR))),
s2 AS (SELECT x_tlsused AS q1, count(*) AS q2 FROM s1 GROUP BY x_tlsused)
SELECT q1 AS c0, q2 AS c1 FROM s2 ORDER BY q2 DESC NULLS LAST, TRY_CAST(q1 AS DOUBLE) ASC NULLS LAST, q1 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","delivery",10000]

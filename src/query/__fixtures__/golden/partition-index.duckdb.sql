WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (lower(part_name) = CAST(? AS VARCHAR))),
s1 AS (SELECT source_category AS q1, count(*) AS q2 FROM s0 GROUP BY source_category)
SELECT q1 AS c0, q2 AS c1 FROM s1 ORDER BY q2 DESC NULLS LAST, TRY_CAST(q1 AS DOUBLE) ASC NULLS LAST, q1 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"imports",10000]

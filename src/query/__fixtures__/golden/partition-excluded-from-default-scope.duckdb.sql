WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (((part_name IS NULL) OR (NOT coalesce((lower(part_name) = CAST(? AS VARCHAR)), false))) AND (lower(source_category) = CAST(? AS VARCHAR)))),
s1 AS (SELECT count(*) AS q1 FROM s0)
SELECT q1 AS c0 FROM s1 ORDER BY q1 DESC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"imports","x",10000]

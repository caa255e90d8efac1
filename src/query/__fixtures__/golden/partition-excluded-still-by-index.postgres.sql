WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(part_name) = CAST($4 AS TEXT))),
s1 AS (SELECT count(*) AS q1 FROM s0)
SELECT q1 AS c0 FROM s1 ORDER BY q1 DESC NULLS LAST LIMIT CAST($5 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"imports",10000]

WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(part_name) = CAST($4 AS TEXT))),
s1 AS (SELECT source_category AS q1, count(*) AS q2 FROM s0 GROUP BY source_category)
SELECT q1 AS c0, q2 AS c1 FROM s1 ORDER BY q2 DESC NULLS LAST, mc2c_num(CAST(q1 AS TEXT)) ASC NULLS LAST, q1 ASC NULLS LAST LIMIT CAST($5 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"imports",10000]

WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT)),
s1 AS (SELECT source_name AS q1, count(*) AS q2 FROM s0 GROUP BY source_name)
SELECT q1 AS c0, q2 AS c1 FROM s1 ORDER BY q2 DESC NULLS LAST, mc2c_num(CAST(q1 AS TEXT)) ASC NULLS LAST, q1 ASC NULLS LAST LIMIT CAST($4 AS BIGINT)
-- params: ["sumologic_system_events",1795132800000,1795219200000,10000]

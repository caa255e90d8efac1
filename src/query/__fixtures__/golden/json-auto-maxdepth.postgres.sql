WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT)),
s1 AS (SELECT *, mc2c_json_key_ci(raw, CAST($4 AS TEXT)) AS q1, mc2c_json_key_ci(fields, CAST($5 AS TEXT)) AS q2 FROM s0),
s2 AS (SELECT q1, q2, count(*) AS q3 FROM s1 GROUP BY q1, q2)
SELECT q1 AS c0, q2 AS c1, q3 AS c2 FROM s2 ORDER BY q3 DESC NULLS LAST, mc2c_num(CAST(q1 AS TEXT)) ASC NULLS LAST, q1 ASC NULLS LAST, mc2c_num(CAST(q2 AS TEXT)) ASC NULLS LAST, q2 ASC NULLS LAST LIMIT CAST($6 AS BIGINT)
-- params: ["sumologic_system_events",1795132800000,1795219200000,"details","details.error",10000]

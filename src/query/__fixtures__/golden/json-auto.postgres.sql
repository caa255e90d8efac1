WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_category) = CAST($4 AS TEXT))),
s1 AS (SELECT * FROM s0 WHERE (x_eventtype = CAST($5 AS TEXT))),
s2 AS (SELECT x_tlsused AS q1, count(*) AS q2 FROM s1 GROUP BY x_tlsused)
SELECT q1 AS c0, q2 AS c1 FROM s2 ORDER BY q2 DESC NULLS LAST, mc2c_num(CAST(q1 AS TEXT)) ASC NULLS LAST, q1 ASC NULLS LAST LIMIT CAST($6 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","delivery",10000]

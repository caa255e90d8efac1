WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND ((lower(source_category) = CAST($4 AS TEXT)) AND (lower(source_name) = CAST($5 AS TEXT)))),
s1 AS (SELECT *, (messagetime - ((messagetime - CAST($6 AS DOUBLE PRECISION)) % CAST($7 AS DOUBLE PRECISION))) AS q1 FROM s0),
s2 AS (SELECT q1 AS q2, count(*) AS q3 FROM s1 GROUP BY q1)
SELECT q2 AS c0, q3 AS c1 FROM s2 ORDER BY q3 DESC NULLS LAST, q2 ASC NULLS LAST LIMIT CAST($8 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","dlp",946857600000,3600000,10000]

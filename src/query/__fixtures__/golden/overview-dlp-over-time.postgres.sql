WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND ((lower(source_category) = CAST($4 AS TEXT)) AND (lower(source_name) = CAST($5 AS TEXT)))),
s1 AS (SELECT *, x_messageid AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT *, (messagetime - ((messagetime - CAST($6 AS DOUBLE PRECISION)) % CAST($7 AS DOUBLE PRECISION))) AS q2 FROM s2),
s4 AS (SELECT q2 AS q3, count(DISTINCT q1) AS q4 FROM s3 GROUP BY q2)
SELECT q3 AS c0, q4 AS c1 FROM s4 ORDER BY q4 DESC NULLS LAST, q3 ASC NULLS LAST LIMIT CAST($8 AS BIGINT)
-- params: ["main",1795046400000,1795305600000,"mimecast","dlp",946857600000,86400000,10000]

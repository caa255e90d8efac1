WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_category) = CAST($4 AS TEXT))),
s1 AS (SELECT *, x_direction AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE coalesce((lower(q1) LIKE CAST($5 AS TEXT) ESCAPE '\'), false)),
s3 AS (SELECT count(*) AS q2 FROM s2)
SELECT q2 AS c0 FROM s3 ORDER BY q2 DESC NULLS LAST LIMIT CAST($6 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","outbound",10000]

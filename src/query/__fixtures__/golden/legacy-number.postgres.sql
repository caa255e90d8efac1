WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_category) = CAST($4 AS TEXT))),
s1 AS (SELECT *, (mc2c_json(raw) #>> mc2c_json_path(CAST($5 AS TEXT))) AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT * FROM s2 WHERE CASE WHEN mc2c_num(q1) IS NOT NULL THEN mc2c_num(q1) < CAST($6 AS DOUBLE PRECISION) ELSE q1 < CAST($7 AS TEXT) END),
s4 AS (SELECT count(*) AS q2 FROM s3)
SELECT q2 AS c0 FROM s4 ORDER BY q2 DESC NULLS LAST LIMIT CAST($8 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast_app","$.\"SpamScore\"",5,"5",10000]

WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_name) = CAST($4 AS TEXT))),
s1 AS (SELECT *, x_route AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT q1 AS q2, count(*) AS q3 FROM s2 GROUP BY q1)
SELECT q2 AS c0, q3 AS c1 FROM s3 ORDER BY q3 DESC NULLS LAST, mc2c_num(CAST(q2 AS TEXT)) ASC NULLS LAST, q2 ASC NULLS LAST LIMIT CAST($5 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"dlp",10000]
-- requery 1, over the rows of fillmissing or transpose:
WITH s0 AS (SELECT g.n AS row_n, g.r AS row_json FROM json_to_recordset(CAST($1 AS JSON)) AS g(n BIGINT, r TEXT)),
s1 AS (SELECT *, (mc2c_json(row_json) #>> mc2c_json_path(CAST($2 AS TEXT))) AS q4, mc2c_num(CAST((mc2c_json(row_json) #>> mc2c_json_path(CAST($3 AS TEXT))) AS TEXT)) AS q5 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (q5 < CAST($4 AS DOUBLE PRECISION))),
s3 AS (SELECT *, upper(q4) AS q6 FROM s2)
SELECT q5 AS c0, q6 AS c1 FROM s3 ORDER BY row_n ASC NULLS LAST LIMIT CAST($5 AS BIGINT)
-- params: [{"rowsTable":true},"$.\"route\"","$.\"_count\"",2,10000]

WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_name) = CAST($4 AS TEXT))),
s1 AS (SELECT *, (messagetime - ((messagetime - CAST($5 AS DOUBLE PRECISION)) % CAST($6 AS DOUBLE PRECISION))) AS q1 FROM s0),
s2 AS (SELECT q1 AS q2, count(*) AS q3 FROM s1 GROUP BY q1)
SELECT q2 AS c0, q3 AS c1 FROM s2 ORDER BY q3 DESC NULLS LAST, q2 ASC NULLS LAST LIMIT CAST($7 AS BIGINT)
-- params: ["main",1795150800000,1795165200000,"dlp",946857600000,3600000,10000]
-- requery 1, over the rows of fillmissing or transpose:
WITH s0 AS (SELECT g.n AS row_n, g.r AS row_json FROM json_to_recordset(CAST($1 AS JSON)) AS g(n BIGINT, r TEXT)),
s1 AS (SELECT *, mc2c_num(CAST((mc2c_json(row_json) #>> mc2c_json_path(CAST($2 AS TEXT))) AS TEXT)) AS q4, mc2c_num(CAST((mc2c_json(row_json) #>> mc2c_json_path(CAST($3 AS TEXT))) AS TEXT)) AS q5 FROM s0),
s2 AS (SELECT *, CASE WHEN coalesce((q5 > CAST($4 AS DOUBLE PRECISION)), false) THEN CAST($5 AS DOUBLE PRECISION) ELSE CAST($6 AS DOUBLE PRECISION) END AS q6 FROM s1),
s3 AS (SELECT sum(q6) AS q7, count(*) AS q8 FROM s2)
SELECT q7 AS c0, q8 AS c1 FROM s3 ORDER BY q7 DESC NULLS LAST LIMIT CAST($7 AS BIGINT)
-- params: [{"rowsTable":true},"$.\"_timeslice\"","$.\"_count\"",0,1,0,10000]

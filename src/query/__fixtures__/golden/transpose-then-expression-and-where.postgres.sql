WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_category) = CAST($4 AS TEXT))),
s1 AS (SELECT *, x_eventtype AS q1, x_direction AS q2 FROM s0),
s2 AS (SELECT * FROM s1 WHERE ((NOT (q1 IS NULL)) AND (NOT (q2 IS NULL)))),
s3 AS (SELECT * FROM s2 WHERE ((q1 = CAST($5 AS TEXT)) OR (q1 = CAST($6 AS TEXT)))),
s4 AS (SELECT q1 AS q3, q2 AS q4, count(*) AS q5 FROM s3 GROUP BY q1, q2)
SELECT q3 AS c0, q4 AS c1, q5 AS c2 FROM s4 ORDER BY q5 DESC NULLS LAST, mc2c_num(CAST(q3 AS TEXT)) ASC NULLS LAST, q3 ASC NULLS LAST, mc2c_num(CAST(q4 AS TEXT)) ASC NULLS LAST, q4 ASC NULLS LAST LIMIT CAST($7 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","delivery","receipt",10000]
-- requery 1, over the rows of fillmissing or transpose:
WITH s0 AS (SELECT g.n AS row_n, g.r AS row_json FROM json_to_recordset(CAST($1 AS JSON)) AS g(n BIGINT, r TEXT)),
s1 AS (SELECT *, (mc2c_json(row_json) #>> mc2c_json_path(CAST($2 AS TEXT))) AS q6 FROM s0),
s2 AS (SELECT *, (mc2c_num(CAST((mc2c_json(row_json) #>> mc2c_json_path(CAST($3 AS TEXT))) AS TEXT)) + mc2c_num(CAST((mc2c_json(row_json) #>> mc2c_json_path(CAST($4 AS TEXT))) AS TEXT))) AS q7 FROM s1),
s3 AS (SELECT *, (mc2c_num(CAST((mc2c_json(row_json) #>> mc2c_json_path(CAST($5 AS TEXT))) AS TEXT)) IS NULL) AS q8 FROM s2),
s4 AS (SELECT * FROM s3 WHERE (q6 = CAST($6 AS TEXT)))
SELECT q6 AS c0, q7 AS c1, q8 AS c2, row_n AS c3 FROM s4 ORDER BY row_n ASC NULLS LAST LIMIT CAST($7 AS BIGINT)
-- params: [{"rowsTable":true},"$.\"t\"","$.\"inbound\"","$.\"outbound\"","$.\"sideways\"","receipt",10000]

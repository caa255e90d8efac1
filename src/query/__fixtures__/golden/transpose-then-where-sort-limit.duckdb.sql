WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (lower(source_category) = CAST(? AS VARCHAR))),
s1 AS (SELECT *, x_eventtype AS q1, x_direction AS q2 FROM s0),
s2 AS (SELECT * FROM s1 WHERE ((NOT (q1 IS NULL)) AND (NOT (q2 IS NULL)))),
s3 AS (SELECT * FROM s2 WHERE ((q1 = CAST(? AS VARCHAR)) OR (q1 = CAST(? AS VARCHAR)))),
s4 AS (SELECT q1 AS q3, q2 AS q4, count(*) AS q5 FROM s3 GROUP BY q1, q2)
SELECT q3 AS c0, q4 AS c1, q5 AS c2 FROM s4 ORDER BY q5 DESC NULLS LAST, TRY_CAST(q3 AS DOUBLE) ASC NULLS LAST, q3 ASC NULLS LAST, TRY_CAST(q4 AS DOUBLE) ASC NULLS LAST, q4 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","delivery","receipt",10000]
-- requery 1, over the rows of fillmissing or transpose:
WITH s0 AS (SELECT g.n AS row_n, g.r AS row_json FROM (SELECT unnest(from_json(?, '[{"n":"BIGINT","r":"VARCHAR"}]')) AS g)),
s1 AS (SELECT *, TRY(json_extract_string(row_json, CAST(? AS VARCHAR))) AS q6, TRY_CAST(TRY(json_extract_string(row_json, CAST(? AS VARCHAR))) AS DOUBLE) AS q7, TRY_CAST(TRY(json_extract_string(row_json, CAST(? AS VARCHAR))) AS DOUBLE) AS q8 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (q7 > CAST(? AS DOUBLE))),
s3 AS (SELECT * FROM s2 ORDER BY TRY_CAST(q6 AS DOUBLE) ASC NULLS LAST, q6 ASC NULLS LAST, row_n ASC NULLS LAST LIMIT CAST(? AS BIGINT))
SELECT q6 AS c0, q7 AS c1, q8 AS c2 FROM s3 ORDER BY TRY_CAST(q6 AS DOUBLE) ASC NULLS LAST, q6 ASC NULLS LAST, row_n ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: [{"rowsTable":true},"$.\"t\"","$.\"inbound\"","$.\"outbound\"",2,1,10000]

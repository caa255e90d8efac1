WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (lower(source_name) = CAST(? AS VARCHAR))),
s1 AS (SELECT *, x_route AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT q1 AS q2, count(*) AS q3 FROM s2 GROUP BY q1)
SELECT q2 AS c0, q3 AS c1 FROM s3 ORDER BY q3 DESC NULLS LAST, TRY_CAST(q2 AS DOUBLE) ASC NULLS LAST, q2 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"dlp",10000]
-- requery 1, over the rows of fillmissing or transpose:
WITH s0 AS (SELECT g.n AS row_n, g.r AS row_json FROM (SELECT unnest(from_json(?, '[{"n":"BIGINT","r":"VARCHAR"}]')) AS g)),
s1 AS (SELECT *, TRY(json_extract_string(row_json, CAST(? AS VARCHAR))) AS q4, TRY_CAST(TRY(json_extract_string(row_json, CAST(? AS VARCHAR))) AS DOUBLE) AS q5 FROM s0),
s2 AS (SELECT *, CASE WHEN coalesce(regexp_matches(q4, CAST(? AS VARCHAR)), false) THEN regexp_extract(q4, CAST(? AS VARCHAR), 1) ELSE NULL END AS q6 FROM s1),
s3 AS (SELECT *, sum(q5) OVER () AS q7 FROM s2)
SELECT q4 AS c0, q5 AS c1, q6 AS c2, q7 AS c3 FROM s3 ORDER BY row_n ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: [{"rowsTable":true},"$.\"route\"","$.\"_count\"","(?i)(.*?)bound","(?i)(.*?)bound",10000]

WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (lower(source_name) = CAST(? AS VARCHAR))),
s1 AS (SELECT *, (messagetime - ((messagetime - CAST(? AS DOUBLE)) % CAST(? AS DOUBLE))) AS q1 FROM s0),
s2 AS (SELECT q1 AS q2, count(*) AS q3 FROM s1 GROUP BY q1)
SELECT q2 AS c0, q3 AS c1 FROM s2 ORDER BY q3 DESC NULLS LAST, q2 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795150800000,1795165200000,"dlp",946857600000,3600000,10000]
-- requery 1, over the rows of fillmissing or transpose:
WITH s0 AS (SELECT g.n AS row_n, g.r AS row_json FROM (SELECT unnest(from_json(?, '[{"n":"BIGINT","r":"VARCHAR"}]')) AS g)),
s1 AS (SELECT *, TRY_CAST(TRY(json_extract_string(row_json, CAST(? AS VARCHAR))) AS DOUBLE) AS q4, TRY_CAST(TRY(json_extract_string(row_json, CAST(? AS VARCHAR))) AS DOUBLE) AS q5 FROM s0),
s2 AS (SELECT *, CASE WHEN coalesce((q5 > CAST(? AS DOUBLE)), false) THEN CAST(? AS DOUBLE) ELSE CAST(? AS DOUBLE) END AS q6 FROM s1),
s3 AS (SELECT sum(q6) AS q7, count(*) AS q8 FROM s2)
SELECT q7 AS c0, q8 AS c1 FROM s3 ORDER BY q7 DESC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: [{"rowsTable":true},"$.\"_timeslice\"","$.\"_count\"",0,1,0,10000]

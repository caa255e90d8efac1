WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (lower(source_category) = CAST(? AS VARCHAR))),
s1 AS (SELECT *, x_subject AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT *, CAST(? AS VARCHAR) AS q2 FROM s2),
s4 AS (SELECT * FROM s3 WHERE (coalesce((q1 LIKE CAST(? AS VARCHAR) ESCAPE '\'), false) OR coalesce((q1 LIKE replace(replace(replace(replace(q2, CAST(? AS VARCHAR), CAST(? AS VARCHAR)), CAST(? AS VARCHAR), CAST(? AS VARCHAR)), CAST(? AS VARCHAR), CAST(? AS VARCHAR)), CAST(? AS VARCHAR), CAST(? AS VARCHAR)) ESCAPE '\'), false) OR coalesce(regexp_matches(q1, CAST(? AS VARCHAR)), false))),
s5 AS (SELECT q1 AS q3, count(*) AS q4 FROM s4 GROUP BY q1)
SELECT q3 AS c0, q4 AS c1 FROM s5 ORDER BY q4 DESC NULLS LAST, TRY_CAST(q3 AS DOUBLE) ASC NULLS LAST, q3 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","*voice*","%report%","\\","\\\\","%","\\%","_","\\_","*","%","^Cust",10000]

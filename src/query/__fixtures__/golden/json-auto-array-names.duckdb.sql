WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND ((lower(source_category) = CAST(? AS VARCHAR)) AND (lower(source_name) = CAST(? AS VARCHAR)))),
s1 AS (SELECT *, CAST(? AS VARCHAR) AS q1 FROM s0),
s2 AS (SELECT *, TRY(json_extract_string(q1, CAST(? AS VARCHAR))) AS q2, TRY(json_extract_string(q1, CAST(? AS VARCHAR))) AS q3 FROM s1),
s3 AS (SELECT q2, q3, count(*) AS q4 FROM s2 GROUP BY q2, q3)
SELECT q2 AS c0, q3 AS c1, q4 AS c2 FROM s3 ORDER BY q4 DESC NULLS LAST, TRY_CAST(q2 AS DOUBLE) ASC NULLS LAST, q2 ASC NULLS LAST, TRY_CAST(q3 AS DOUBLE) ASC NULLS LAST, q3 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","dlp","{\"users\":[{\"n\":\"a\"},{\"n\":\"b\"}]}","$.\"users\"[1].\"n\"","$.\"users\"[0]",10000]

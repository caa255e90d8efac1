WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (lower(source_name) = CAST(? AS VARCHAR))),
s1 AS (SELECT *, CAST(? AS VARCHAR) AS q1 FROM s0),
s2 AS (SELECT *, regexp_replace(regexp_extract_all(q1 || CAST(? AS VARCHAR), CAST(? AS VARCHAR), 1)[2], CAST(? AS VARCHAR), '\1') AS q2, regexp_replace(regexp_extract_all(q1 || CAST(? AS VARCHAR), CAST(? AS VARCHAR), 1)[3], CAST(? AS VARCHAR), '\1') AS q3 FROM s1),
s3 AS (SELECT q2 AS q4, q3 AS q5, count(*) AS q6 FROM s2 GROUP BY q2, q3)
SELECT q4 AS c0, q5 AS c1, q6 AS c2 FROM s3 ORDER BY q6 DESC NULLS LAST, TRY_CAST(q4 AS DOUBLE) ASC NULLS LAST, q4 ASC NULLS LAST, TRY_CAST(q5 AS DOUBLE) ASC NULLS LAST, q5 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"dlp","x,\"y,z\",w",",","((?:\"[^\"]*\"|[^,\"])*),","^\"(.*)\"$",",","((?:\"[^\"]*\"|[^,\"])*),","^\"(.*)\"$",10000]

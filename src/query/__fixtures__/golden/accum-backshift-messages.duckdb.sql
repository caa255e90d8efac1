WITH s0 AS (SELECT *, rowid AS rid FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND ((lower(source_category) = CAST(? AS VARCHAR)) AND (lower(source_name) = CAST(? AS VARCHAR)))),
s1 AS (SELECT *, TRY(json_extract_string(raw, CAST(? AS VARCHAR))) AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT *, sum(TRY_CAST(q1 AS DOUBLE)) OVER (ORDER BY messagetime DESC NULLS LAST, raw ASC NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS q2 FROM s2),
s4 AS (SELECT *, lag(TRY_CAST(q1 AS DOUBLE), 1) OVER (ORDER BY messagetime DESC NULLS LAST, raw ASC NULLS LAST, raw ASC NULLS LAST) AS q3 FROM s3),
page AS (SELECT rid, messagetime AS c1, q1 AS c2, q2 AS c3, q3 AS c4, messagetime AS o0, raw AS o1, raw AS o2 FROM s4 ORDER BY o0 DESC NULLS LAST, o1 ASC NULLS LAST, o2 ASC NULLS LAST LIMIT CAST(? AS BIGINT))
SELECT m.raw AS c0, page.c1, page.c2, page.c3, page.c4, m.fields AS c5 FROM page JOIN messages AS m ON m.rowid = page.rid ORDER BY page.o0 DESC NULLS LAST, page.o1 ASC NULLS LAST, page.o2 ASC NULLS LAST
-- params: ["main",1795132800000,1795219200000,"mimecast","siem","$.\"spamScore\"",10000]

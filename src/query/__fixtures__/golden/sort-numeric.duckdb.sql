WITH s0 AS (SELECT *, rowid AS rid FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (lower(source_category) = CAST(? AS VARCHAR))),
s1 AS (SELECT *, x_aggregateid AS q1, TRY(json_extract_string(raw, CAST(? AS VARCHAR))) AS q2 FROM s0),
s2 AS (SELECT * FROM s1 WHERE ((NOT (q1 IS NULL)) AND (NOT (q2 IS NULL)))),
page AS (SELECT rid, messagetime AS c1, receipttime AS c2, source AS c3, source_category AS c4, collector AS c5, source_name AS c6, source_host AS c7, size AS c8, q1 AS c9, q2 AS c10, TRY_CAST(q2 AS DOUBLE) AS o0, q2 AS o1, messagetime AS o2 FROM s2 ORDER BY o0 ASC NULLS LAST, o1 ASC NULLS LAST, o2 DESC NULLS LAST LIMIT CAST(? AS BIGINT))
SELECT m.raw AS c0, page.c1, page.c2, page.c3, page.c4, page.c5, page.c6, page.c7, page.c8, page.c9, page.c10, m.fields AS c11 FROM page JOIN messages AS m ON m.rowid = page.rid ORDER BY page.o0 ASC NULLS LAST, page.o1 ASC NULLS LAST, page.o2 DESC NULLS LAST
-- params: ["main",1795132800000,1795219200000,"mimecast","$.\"spamScore\"",10000]

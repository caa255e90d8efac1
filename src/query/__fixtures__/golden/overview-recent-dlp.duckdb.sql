WITH s0 AS (SELECT *, rowid AS rid FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND ((lower(source_category) = CAST(? AS VARCHAR)) AND (lower(source_name) = CAST(? AS VARCHAR)))),
s1 AS (SELECT *, x_senderaddress AS q1, x_recipientaddress AS q2, x_subject AS q3, x_policy AS q4, x_action AS q5, x_route AS q6 FROM s0),
s2 AS (SELECT * FROM s1 WHERE ((NOT (q1 IS NULL)) AND (NOT (q2 IS NULL)) AND (NOT (q3 IS NULL)) AND (NOT (q4 IS NULL)) AND (NOT (q5 IS NULL)) AND (NOT (q6 IS NULL)))),
s3 AS (SELECT * FROM s2 ORDER BY messagetime DESC NULLS LAST LIMIT CAST(? AS BIGINT)),
page AS (SELECT rid, messagetime AS c1, q1 AS c2, q2 AS c3, q3 AS c4, q4 AS c5, q5 AS c6, q6 AS c7, messagetime AS o0 FROM s3 ORDER BY o0 DESC NULLS LAST LIMIT CAST(? AS BIGINT))
SELECT m.raw AS c0, page.c1, page.c2, page.c3, page.c4, page.c5, page.c6, page.c7, m.fields AS c8 FROM page JOIN messages AS m ON m.rowid = page.rid ORDER BY page.o0 DESC NULLS LAST
-- params: ["main",1795132800000,1795219200000,"mimecast","dlp",100,10000]

WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND ((lower(source_category) = CAST($4 AS TEXT)) AND (lower(source_name) = CAST($5 AS TEXT)))),
s1 AS (SELECT *, x_senderaddress AS q1, x_recipientaddress AS q2, x_subject AS q3, x_policy AS q4, x_action AS q5, x_route AS q6 FROM s0),
s2 AS (SELECT * FROM s1 WHERE ((NOT (q1 IS NULL)) AND (NOT (q2 IS NULL)) AND (NOT (q3 IS NULL)) AND (NOT (q4 IS NULL)) AND (NOT (q5 IS NULL)) AND (NOT (q6 IS NULL)))),
s3 AS (SELECT * FROM s2 ORDER BY messagetime DESC NULLS LAST LIMIT CAST($6 AS BIGINT))
SELECT raw AS c0, messagetime AS c1, q1 AS c2, q2 AS c3, q3 AS c4, q4 AS c5, q5 AS c6, q6 AS c7, fields AS c8 FROM s3 ORDER BY messagetime DESC NULLS LAST LIMIT CAST($7 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","dlp",100,10000]

WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_category) = CAST($4 AS TEXT))),
s1 AS (SELECT *, x_aggregateid AS q1, (mc2c_json(raw) #>> mc2c_json_path(CAST($5 AS TEXT))) AS q2 FROM s0),
s2 AS (SELECT * FROM s1 WHERE ((NOT (q1 IS NULL)) AND (NOT (q2 IS NULL))))
SELECT raw AS c0, messagetime AS c1, receipttime AS c2, source AS c3, source_category AS c4, collector AS c5, source_name AS c6, source_host AS c7, size AS c8, q1 AS c9, q2 AS c10, fields AS c11 FROM s2 ORDER BY mc2c_num(CAST(q2 AS TEXT)) ASC NULLS LAST, q2 ASC NULLS LAST, messagetime DESC NULLS LAST LIMIT CAST($6 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","$.\"spamScore\"",10000]

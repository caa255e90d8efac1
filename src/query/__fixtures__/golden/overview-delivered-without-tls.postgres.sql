WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_category) = CAST($4 AS TEXT))),
s1 AS (SELECT *, x_eventtype AS q1, x_aggregateid AS q2, x_delivered AS q3, x_tlsused AS q4 FROM s0),
s2 AS (SELECT * FROM s1 WHERE ((NOT (q1 IS NULL)) AND (NOT (q2 IS NULL)) AND (NOT (q3 IS NULL)) AND (NOT (q4 IS NULL)))),
s3 AS (SELECT * FROM s2 WHERE ((q1 = CAST($5 AS TEXT)) AND (q3 = CAST($6 AS TEXT)) AND (q4 = CAST($7 AS TEXT)))),
s4 AS (SELECT count(DISTINCT q2) AS q5 FROM s3)
SELECT q5 AS c0 FROM s4 ORDER BY q5 DESC NULLS LAST LIMIT CAST($8 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","delivery","true","No",10000]

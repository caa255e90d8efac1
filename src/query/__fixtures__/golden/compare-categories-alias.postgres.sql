WITH s0 AS (SELECT m.*, w.shift AS qshift, m.messagetime + w.shift AS qtime FROM messages AS m JOIN (VALUES (CAST($1 AS BIGINT)), (CAST($2 AS BIGINT))) AS w(shift) ON m.messagetime + w.shift >= CAST($3 AS BIGINT) AND m.messagetime + w.shift < CAST($4 AS BIGINT) WHERE idx = CAST($5 AS TEXT) AND messagetime >= CAST($6 AS BIGINT) AND messagetime < CAST($7 AS BIGINT) AND (lower(source_category) = CAST($8 AS TEXT))),
s1 AS (SELECT *, x_eventtype AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT q1 AS q2, qshift AS q4, count(*) AS q3 FROM s2 GROUP BY q1, qshift),
s4 AS (SELECT q2, max(CASE WHEN q4 IN (CAST($9 AS BIGINT)) THEN q3 END) AS q5, max(CASE WHEN q4 IN (CAST($10 AS BIGINT)) THEN q3 END) AS q6 FROM s3 GROUP BY q2)
SELECT q2 AS c0, q5 AS c1, q6 AS c2 FROM s4 ORDER BY q5 DESC NULLS LAST, mc2c_num(CAST(q2 AS TEXT)) ASC NULLS LAST, q2 ASC NULLS LAST LIMIT CAST($11 AS BIGINT)
-- params: [0,7200000,1795140000000,1795150800000,"main",1795132800000,1795150800000,"mimecast",0,7200000,10000]

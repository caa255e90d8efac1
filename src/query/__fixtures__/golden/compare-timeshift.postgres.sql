WITH s0 AS (SELECT m.*, w.shift AS qshift, m.messagetime + w.shift AS qtime FROM messages AS m JOIN (VALUES (CAST($1 AS BIGINT)), (CAST($2 AS BIGINT))) AS w(shift) ON m.messagetime + w.shift >= CAST($3 AS BIGINT) AND m.messagetime + w.shift < CAST($4 AS BIGINT) WHERE idx = CAST($5 AS TEXT) AND messagetime >= CAST($6 AS BIGINT) AND messagetime < CAST($7 AS BIGINT) AND (lower(source_category) = CAST($8 AS TEXT))),
s1 AS (SELECT *, (qtime - ((qtime - CAST($9 AS DOUBLE PRECISION)) % CAST($10 AS DOUBLE PRECISION))) AS q1 FROM s0),
s2 AS (SELECT q1 AS q2, qshift AS q4, count(*) AS q3 FROM s1 GROUP BY q1, qshift),
s3 AS (SELECT q2, max(CASE WHEN q4 IN (CAST($11 AS BIGINT)) THEN q3 END) AS q5, max(CASE WHEN q4 IN (CAST($12 AS BIGINT)) THEN q3 END) AS q6 FROM s2 GROUP BY q2)
SELECT q2 AS c0, q5 AS c1, q6 AS c2 FROM s3 ORDER BY q5 DESC NULLS LAST, q2 ASC NULLS LAST LIMIT CAST($13 AS BIGINT)
-- params: [0,3600000,1795140000000,1795150800000,"main",1795136400000,1795150800000,"mimecast",946857600000,3600000,0,3600000,10000]

WITH s0 AS (SELECT m.*, w.shift AS qshift, m.messagetime + w.shift AS qtime FROM messages AS m JOIN (VALUES (CAST(? AS BIGINT)), (CAST(? AS BIGINT)), (CAST(? AS BIGINT))) AS w(shift) ON m.messagetime + w.shift >= CAST(? AS BIGINT) AND m.messagetime + w.shift < CAST(? AS BIGINT) WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (lower(source_category) = CAST(? AS VARCHAR))),
s1 AS (SELECT qshift AS q2, count(*) AS q1 FROM s0 GROUP BY qshift),
s2 AS (SELECT max(CASE WHEN q2 IN (CAST(? AS BIGINT)) THEN q1 END) AS q3, max(CASE WHEN q2 IN (CAST(? AS BIGINT), CAST(? AS BIGINT)) THEN TRY_CAST(q1 AS DOUBLE) END) AS q4 FROM s1),
s3 AS (SELECT *, (q3 - q4) AS q5 FROM s2),
s4 AS (SELECT * FROM s3 WHERE (q5 = CAST(? AS DOUBLE)))
SELECT q3 AS c0, q4 AS c1, q5 AS c2 FROM s4 ORDER BY q3 DESC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: [0,3600000,7200000,1795140000000,1795150800000,"main",1795132800000,1795150800000,"mimecast",0,3600000,7200000,0,10000]

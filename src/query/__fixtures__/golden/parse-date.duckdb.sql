WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND ((lower(source_category) = CAST(? AS VARCHAR)) AND (lower(source_name) = CAST(? AS VARCHAR)))),
s1 AS (SELECT *, CAST(epoch_ms(timezone(CAST(? AS VARCHAR), try_strptime(CAST(? AS VARCHAR), CAST(? AS VARCHAR)))) AS DOUBLE) AS q1 FROM s0),
s2 AS (SELECT *, CAST(epoch_ms(timezone(CAST(? AS VARCHAR), try_strptime(CAST(? AS VARCHAR), CAST(? AS VARCHAR)))) AS DOUBLE) AS q2 FROM s1),
s3 AS (SELECT *, CAST(epoch_ms(timezone(CAST(? AS VARCHAR), try_strptime(CAST(? AS VARCHAR), CAST(? AS VARCHAR)))) AS DOUBLE) AS q3 FROM s2),
s4 AS (SELECT *, CAST(epoch_ms(timezone(CAST(? AS VARCHAR), try_strptime(CAST(? AS VARCHAR), CAST(? AS VARCHAR)))) AS DOUBLE) AS q4 FROM s3),
s5 AS (SELECT q1 AS q5, q2 AS q6, q3 AS q7, q4 AS q8, count(*) AS q9 FROM s4 GROUP BY q1, q2, q3, q4)
SELECT q5 AS c0, q6 AS c1, q7 AS c2, q8 AS c3, q9 AS c4 FROM s5 ORDER BY q9 DESC NULLS LAST, q5 ASC NULLS LAST, q6 ASC NULLS LAST, q7 ASC NULLS LAST, q8 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","dlp","UTC","2026-11-20 06:30:15.250","%Y-%m-%d %H:%M:%S.%g","Europe/Paris","20/11/2026 07:00","%d/%m/%Y %H:%M","UTC","nope","%Y","etc/utc","20170720000030","%Y%m%d%H%M%S",10000]

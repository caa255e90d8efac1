WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND ((lower(source_category) = CAST($4 AS TEXT)) AND (lower(source_name) = CAST($5 AS TEXT)))),
s1 AS (SELECT *, mc2c_parse_date(CAST($6 AS TEXT), CAST($7 AS TEXT), CAST($8 AS TEXT)) AS q1 FROM s0),
s2 AS (SELECT *, mc2c_parse_date(CAST($9 AS TEXT), CAST($10 AS TEXT), CAST($11 AS TEXT)) AS q2 FROM s1),
s3 AS (SELECT *, mc2c_parse_date(CAST($12 AS TEXT), CAST($13 AS TEXT), CAST($14 AS TEXT)) AS q3 FROM s2),
s4 AS (SELECT *, mc2c_parse_date(CAST($15 AS TEXT), CAST($16 AS TEXT), CAST($17 AS TEXT)) AS q4 FROM s3),
s5 AS (SELECT q1 AS q5, q2 AS q6, q3 AS q7, q4 AS q8, count(*) AS q9 FROM s4 GROUP BY q1, q2, q3, q4)
SELECT q5 AS c0, q6 AS c1, q7 AS c2, q8 AS c3, q9 AS c4 FROM s5 ORDER BY q9 DESC NULLS LAST, q5 ASC NULLS LAST, q6 ASC NULLS LAST, q7 ASC NULLS LAST, q8 ASC NULLS LAST LIMIT CAST($18 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","dlp","2026-11-20 06:30:15.250","%Y-%m-%d %H:%M:%S.%g","UTC","20/11/2026 07:00","%d/%m/%Y %H:%M","Europe/Paris","nope","%Y","UTC","20170720000030","%Y%m%d%H%M%S","etc/utc",10000]

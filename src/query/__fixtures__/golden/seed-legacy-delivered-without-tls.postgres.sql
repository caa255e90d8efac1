WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND ((lower(source_category) = CAST($4 AS TEXT)) AND (coalesce((strpos(lower(raw), CAST($5 AS TEXT)) > 0), false) AND coalesce((raw ~ mc2c_re(CAST($6 AS TEXT))), false)) AND (coalesce((strpos(lower(raw), CAST($7 AS TEXT)) > 0), false) AND coalesce((raw ~ mc2c_re(CAST($8 AS TEXT))), false)))),
s1 AS (SELECT *, l_acode AS q1, l_delivered AS q2, l_usetls AS q3 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (q2 = CAST($9 AS TEXT))),
s3 AS (SELECT * FROM s2 WHERE (q3 = CAST($10 AS TEXT))),
s4 AS (SELECT count(DISTINCT q1) AS q4 FROM s3)
SELECT q4 AS c0 FROM s4 ORDER BY q4 DESC NULLS LAST LIMIT CAST($11 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast_app","delivered","(?i)(?:^|[^A-Za-z0-9_])Delivered(?:[^A-Za-z0-9_]|$)","dir","(?i)(?:^|[^A-Za-z0-9_])Dir(?:[^A-Za-z0-9_]|$)","true","No",10000]

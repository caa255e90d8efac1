WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND ((lower(source_category) = CAST($4 AS TEXT)) AND (coalesce((strpos(lower(raw), CAST($5 AS TEXT)) > 0), false) AND coalesce((raw ~ mc2c_re(CAST($6 AS TEXT))), false)))),
s1 AS (SELECT count(*) AS q1 FROM s0)
SELECT q1 AS c0 FROM s1 ORDER BY q1 DESC NULLS LAST LIMIT CAST($7 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","deliv","(?i)(?:^|[^A-Za-z0-9_])deliv\\S*(?:[^A-Za-z0-9_]|$)",10000]

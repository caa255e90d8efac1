WITH s0 AS (SELECT row_key AS qkey, row_values AS qrow FROM lookup_rows WHERE table_id = (SELECT id FROM lookup_tables WHERE path = CAST($1 AS TEXT))),
s1 AS (SELECT *, mc2c_json_key_ci(qrow, CAST($2 AS TEXT)) AS q1 FROM s0),
s2 AS (SELECT q1, count(*) AS q2 FROM s1 GROUP BY q1)
SELECT q1 AS c0, q2 AS c1 FROM s2 ORDER BY q2 DESC NULLS LAST, mc2c_num(CAST(q1 AS TEXT)) ASC NULLS LAST, q1 ASC NULLS LAST LIMIT CAST($3 AS BIGINT)
-- params: ["/library/users/analyst@example.com/pairs","ip",10000]

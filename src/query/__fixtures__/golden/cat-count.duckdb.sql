WITH s0 AS (SELECT row_key AS qkey, row_values AS qrow FROM lookup_rows WHERE table_id = (SELECT id FROM lookup_tables WHERE path = CAST(? AS VARCHAR))),
s1 AS (SELECT *, TRY(json_extract_string(qrow, '$."' || replace(json_keys(TRY(CAST(qrow AS JSON)))[list_position(json_keys(TRY(CAST(lower(qrow) AS JSON))), CAST(? AS VARCHAR))], '"', '\"') || '"')) AS q1 FROM s0),
s2 AS (SELECT q1, count(*) AS q2 FROM s1 GROUP BY q1)
SELECT q1 AS c0, q2 AS c1 FROM s2 ORDER BY q2 DESC NULLS LAST, TRY_CAST(q1 AS DOUBLE) ASC NULLS LAST, q1 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["/library/users/analyst@example.com/pairs","ip",10000]

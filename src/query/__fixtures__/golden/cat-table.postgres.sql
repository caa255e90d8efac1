WITH s0 AS (SELECT row_key AS qkey, row_values AS qrow FROM lookup_rows WHERE table_id = (SELECT id FROM lookup_tables WHERE path = CAST($1 AS TEXT)))
SELECT qrow AS c0 FROM s0 ORDER BY qkey ASC NULLS LAST LIMIT CAST($2 AS BIGINT)
-- params: ["/library/users/analyst@example.com/senders",10000]

WITH s0 AS (SELECT row_key AS qkey, row_values AS qrow FROM lookup_rows WHERE table_id = (SELECT id FROM lookup_tables WHERE path = CAST(? AS VARCHAR)))
SELECT qrow AS c0 FROM s0 ORDER BY qkey ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["/library/users/analyst@example.com/senders",10000]

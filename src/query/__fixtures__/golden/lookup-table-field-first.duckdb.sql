WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (lower(source_category) = CAST(? AS VARCHAR))),
s1 AS (SELECT *, x_senderip AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT p.*, TRY(json_extract_string(t.row_values, '$."' || replace(json_keys(TRY(CAST(t.row_values AS JSON)))[list_position(json_keys(TRY(CAST(lower(t.row_values) AS JSON))), CAST(? AS VARCHAR))], '"', '\"') || '"')) AS q2 FROM s2 AS p LEFT JOIN (SELECT row_key, row_values FROM lookup_rows WHERE table_id = (SELECT id FROM lookup_tables WHERE path = CAST(? AS VARCHAR))) AS t ON t.row_key = lower(q1)),
s4 AS (SELECT q2 AS q3, count(*) AS q4 FROM s3 GROUP BY q2)
SELECT q3 AS c0, q4 AS c1 FROM s4 ORDER BY q4 DESC NULLS LAST, TRY_CAST(q3 AS DOUBLE) ASC NULLS LAST, q3 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","owner","/library/users/analyst@example.com/senders",10000]

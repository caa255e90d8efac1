WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (lower(source_category) = CAST(? AS VARCHAR))),
s1 AS (SELECT *, x_senderip AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT p.*, TRY(json_extract_string(t.row_values, '$."' || replace(json_keys(t.row_values)[list_position(json_keys(lower(t.row_values)), CAST(? AS VARCHAR))], '"', '\"') || '"')) AS q2, TRY(json_extract_string(t.row_values, '$."' || replace(json_keys(t.row_values)[list_position(json_keys(lower(t.row_values)), CAST(? AS VARCHAR))], '"', '\"') || '"')) AS q3 FROM s2 AS p LEFT JOIN (SELECT row_key, row_values FROM lookup_rows WHERE table_id = (SELECT id FROM lookup_tables WHERE path = CAST(? AS VARCHAR))) AS t ON t.row_key = q1),
s4 AS (SELECT q1 AS q4, q2 AS q5, q3 AS q6, count(*) AS q7 FROM s3 GROUP BY q1, q2, q3)
SELECT q4 AS c0, q5 AS c1, q6 AS c2, q7 AS c3 FROM s4 ORDER BY q7 DESC NULLS LAST, TRY_CAST(q4 AS DOUBLE) ASC NULLS LAST, q4 ASC NULLS LAST, TRY_CAST(q5 AS DOUBLE) ASC NULLS LAST, q5 ASC NULLS LAST, TRY_CAST(q6 AS DOUBLE) ASC NULLS LAST, q6 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","owner","risk","/library/users/analyst@example.com/senders",10000]

WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (lower(source_category) = CAST(? AS VARCHAR))),
s1 AS (SELECT *, x_senderip AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT p.*, TRY(json_extract_string(t.row_values, '$."' || replace(json_keys(TRY(CAST(t.row_values AS JSON)))[list_position(json_keys(TRY(CAST(lower(t.row_values) AS JSON))), CAST(? AS VARCHAR))], '"', '\"') || '"')) AS q2 FROM s2 AS p LEFT JOIN (SELECT row_key, row_values FROM lookup_rows WHERE table_id = (SELECT id FROM lookup_tables WHERE path = CAST(? AS VARCHAR))) AS t ON t.row_key = lower(concat(coalesce(source_category, ''), coalesce(CAST(? AS VARCHAR), ''), coalesce(q1, '')))),
s4 AS (SELECT * FROM s3 WHERE (NOT (q2 IS NULL))),
s5 AS (SELECT q1 AS q3, q2 AS q4, count(*) AS q5 FROM s4 GROUP BY q1, q2)
SELECT q3 AS c0, q4 AS c1, q5 AS c2 FROM s5 ORDER BY q5 DESC NULLS LAST, TRY_CAST(q3 AS DOUBLE) ASC NULLS LAST, q3 ASC NULLS LAST, TRY_CAST(q4 AS DOUBLE) ASC NULLS LAST, q4 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","tag","/library/users/analyst@example.com/pairs","\u001f",10000]

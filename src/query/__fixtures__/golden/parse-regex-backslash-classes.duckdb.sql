WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (lower(source_category) = CAST(? AS VARCHAR))),
s1 AS (SELECT *, x_senderip AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT *, CASE WHEN coalesce(regexp_matches(q1, CAST(? AS VARCHAR)), false) THEN regexp_extract(q1, CAST(? AS VARCHAR), 1) ELSE NULL END AS q2, CASE WHEN coalesce(regexp_matches(q1, CAST(? AS VARCHAR)), false) THEN regexp_extract(q1, CAST(? AS VARCHAR), 2) ELSE NULL END AS q3 FROM s2),
s4 AS (SELECT * FROM s3 WHERE coalesce(regexp_matches(q1, CAST(? AS VARCHAR)), false)),
s5 AS (SELECT q2 AS q4, q3 AS q5, count(*) AS q6 FROM s4 GROUP BY q2, q3)
SELECT q4 AS c0, q5 AS c1, q6 AS c2 FROM s5 ORDER BY q6 DESC NULLS LAST, TRY_CAST(q4 AS DOUBLE) ASC NULLS LAST, q4 ASC NULLS LAST, TRY_CAST(q5 AS DOUBLE) ASC NULLS LAST, q5 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","(?P<first>\\d+)\\.(?P<second>\\d+)","(?P<first>\\d+)\\.(?P<second>\\d+)","(?P<first>\\d+)\\.(?P<second>\\d+)","(?P<first>\\d+)\\.(?P<second>\\d+)","(?P<first>\\d+)\\.(?P<second>\\d+)",10000]

WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (lower(source_category) = CAST(? AS VARCHAR))),
s1 AS (SELECT *, CASE WHEN coalesce(regexp_matches(raw, CAST(? AS VARCHAR)), false) THEN regexp_extract(raw, CAST(? AS VARCHAR), 1) ELSE CASE WHEN coalesce(regexp_matches(raw, CAST(? AS VARCHAR)), false) THEN regexp_extract(raw, CAST(? AS VARCHAR), 1) ELSE NULL END END AS q1 FROM s0),
s2 AS (SELECT q1 AS q2, count(*) AS q3 FROM s1 GROUP BY q1)
SELECT q2 AS c0, q3 AS c1 FROM s2 ORDER BY q3 DESC NULLS LAST, TRY_CAST(q2 AS DOUBLE) ASC NULLS LAST, q2 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"x","(?:^|[^A-Za-z0-9_.])a\"?\\s*(?:=|:|->)\\s*\"([^\"]*)\"","(?:^|[^A-Za-z0-9_.])a\"?\\s*(?:=|:|->)\\s*\"([^\"]*)\"","(?:^|[^A-Za-z0-9_.])a\"?\\s*(?:=|:|->)\\s*([^\\s,;&\"]*)","(?:^|[^A-Za-z0-9_.])a\"?\\s*(?:=|:|->)\\s*([^\\s,;&\"]*)",10000]

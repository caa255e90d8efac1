WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND ((lower(source_category) = CAST(? AS VARCHAR)) AND (lower(source_name) = CAST(? AS VARCHAR)))),
s1 AS (SELECT *, x_subject AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT *, replace(replace(replace(url_encode(concat(coalesce(q1, ''), coalesce(CAST(? AS VARCHAR), ''))), '~', '%7E'), '%2A', '*'), '%20', '+') AS q2 FROM s2),
s4 AS (SELECT *, TRY(url_decode(replace(q2, '+', ' '))) AS q3 FROM s3),
s5 AS (SELECT *, TRY(url_decode(replace(CAST(? AS VARCHAR), '+', ' '))) AS q4 FROM s4),
s6 AS (SELECT *, TRY(url_decode(replace(CAST(? AS VARCHAR), '+', ' '))) AS q5 FROM s5),
s7 AS (SELECT *, concat(coalesce(CAST(? AS VARCHAR), ''), coalesce(q1, ''), coalesce(CAST(? AS VARCHAR), ''), coalesce(concat(coalesce(CAST(? AS VARCHAR), ''), coalesce(q2, '')), ''), coalesce(CAST(? AS VARCHAR), '')) AS q6 FROM s6),
s8 AS (SELECT *, concat(coalesce(CAST(? AS VARCHAR), ''), coalesce(CAST(? AS VARCHAR), ''), coalesce(q1, ''), coalesce(CAST(? AS VARCHAR), ''), coalesce(CAST(? AS VARCHAR), ''), coalesce(CAST(? AS VARCHAR), ''), coalesce(CAST(? AS VARCHAR), '')) AS q7 FROM s7),
s9 AS (SELECT q1 AS q8, q2 AS q9, q3 AS q10, q4 AS q11, q5 AS q12, q6 AS q13, q7 AS q14, count(*) AS q15 FROM s8 GROUP BY q1, q2, q3, q4, q5, q6, q7)
SELECT q8 AS c0, q9 AS c1, q10 AS c2, q11 AS c3, q12 AS c4, q13 AS c5, q14 AS c6, q15 AS c7 FROM s9 ORDER BY q15 DESC NULLS LAST, TRY_CAST(q8 AS DOUBLE) ASC NULLS LAST, q8 ASC NULLS LAST, TRY_CAST(q9 AS DOUBLE) ASC NULLS LAST, q9 ASC NULLS LAST, TRY_CAST(q10 AS DOUBLE) ASC NULLS LAST, q10 ASC NULLS LAST, TRY_CAST(q11 AS DOUBLE) ASC NULLS LAST, q11 ASC NULLS LAST, TRY_CAST(q12 AS DOUBLE) ASC NULLS LAST, q12 ASC NULLS LAST, TRY_CAST(q13 AS DOUBLE) ASC NULLS LAST, q13 ASC NULLS LAST, TRY_CAST(q14 AS DOUBLE) ASC NULLS LAST, q14 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","siem"," ~*/é%","a%2Bb+c%4","%FF","[","](","https://x.example/?q=",")","[","Subject: ","!","](","https://x.example",")",10000]

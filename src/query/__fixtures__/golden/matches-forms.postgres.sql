WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_category) = CAST($4 AS TEXT))),
s1 AS (SELECT *, x_subject AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT *, CAST($5 AS TEXT) AS q2 FROM s2),
s4 AS (SELECT * FROM s3 WHERE (coalesce((q1 LIKE CAST($6 AS TEXT) ESCAPE '\'), false) OR coalesce((q1 LIKE replace(replace(replace(replace(q2, CAST($7 AS TEXT), CAST($8 AS TEXT)), CAST($9 AS TEXT), CAST($10 AS TEXT)), CAST($11 AS TEXT), CAST($12 AS TEXT)), CAST($13 AS TEXT), CAST($14 AS TEXT)) ESCAPE '\'), false) OR coalesce((q1 ~ mc2c_re(CAST($15 AS TEXT))), false))),
s5 AS (SELECT q1 AS q3, count(*) AS q4 FROM s4 GROUP BY q1)
SELECT q3 AS c0, q4 AS c1 FROM s5 ORDER BY q4 DESC NULLS LAST, mc2c_num(CAST(q3 AS TEXT)) ASC NULLS LAST, q3 ASC NULLS LAST LIMIT CAST($16 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast","*voice*","%report%","\\","\\\\","%","\\%","_","\\_","*","%","^Cust",10000]

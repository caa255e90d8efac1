WITH s0 AS (SELECT * FROM messages WHERE idx = CAST($1 AS TEXT) AND messagetime >= CAST($2 AS BIGINT) AND messagetime < CAST($3 AS BIGINT) AND (lower(source_category) = CAST($4 AS TEXT))),
s1 AS (SELECT *, x_senderip AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT p.*, g.geo_country_code AS q2, CAST(NULL AS VARCHAR) AS q3, CAST(NULL AS VARCHAR) AS q4 FROM s2 AS p LEFT JOIN (SELECT g.ip AS geo_ip, g.latitude AS geo_latitude, g.longitude AS geo_longitude, g.country_code AS geo_country_code, g.country_name AS geo_country_name, g.region AS geo_region, g.city AS geo_city, g.postal_code AS geo_postal_code FROM json_to_recordset(CAST($5 AS JSON)) AS g(ip TEXT, latitude DOUBLE PRECISION, longitude DOUBLE PRECISION, country_code TEXT, country_name TEXT, region TEXT, city TEXT, postal_code TEXT)) AS g ON g.geo_ip = q1),
s4 AS (SELECT * FROM s3 WHERE (NOT (q2 IS NULL))),
s5 AS (SELECT q2 AS q5, q3 AS q6, q4 AS q7, count(*) AS q8 FROM s4 GROUP BY q2, q3, q4)
SELECT q5 AS c0, q6 AS c1, q7 AS c2, q8 AS c3 FROM s5 ORDER BY q8 DESC NULLS LAST, mc2c_num(CAST(q5 AS TEXT)) ASC NULLS LAST, q5 ASC NULLS LAST, mc2c_num(CAST(q6 AS TEXT)) ASC NULLS LAST, q6 ASC NULLS LAST, mc2c_num(CAST(q7 AS TEXT)) ASC NULLS LAST, q7 ASC NULLS LAST LIMIT CAST($6 AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast",{"geoTable":0},10000]

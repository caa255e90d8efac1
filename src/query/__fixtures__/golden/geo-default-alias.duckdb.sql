WITH s0 AS (SELECT * FROM messages WHERE idx = CAST(? AS VARCHAR) AND messagetime >= CAST(? AS BIGINT) AND messagetime < CAST(? AS BIGINT) AND (lower(source_category) = CAST(? AS VARCHAR))),
s1 AS (SELECT *, x_senderip AS q1 FROM s0),
s2 AS (SELECT * FROM s1 WHERE (NOT (q1 IS NULL))),
s3 AS (SELECT p.*, g.geo_country_code AS q2, CAST(NULL AS VARCHAR) AS q3, CAST(NULL AS VARCHAR) AS q4 FROM s2 AS p LEFT JOIN (SELECT g.ip AS geo_ip, g.latitude AS geo_latitude, g.longitude AS geo_longitude, g.country_code AS geo_country_code, g.country_name AS geo_country_name, g.region AS geo_region, g.city AS geo_city, g.postal_code AS geo_postal_code FROM (SELECT unnest(from_json(?, '[{"ip":"VARCHAR","latitude":"DOUBLE","longitude":"DOUBLE","country_code":"VARCHAR","country_name":"VARCHAR","region":"VARCHAR","city":"VARCHAR","postal_code":"VARCHAR"}]')) AS g)) AS g ON g.geo_ip = q1),
s4 AS (SELECT * FROM s3 WHERE (NOT (q2 IS NULL))),
s5 AS (SELECT q2 AS q5, q3 AS q6, q4 AS q7, count(*) AS q8 FROM s4 GROUP BY q2, q3, q4)
SELECT q5 AS c0, q6 AS c1, q7 AS c2, q8 AS c3 FROM s5 ORDER BY q8 DESC NULLS LAST, TRY_CAST(q5 AS DOUBLE) ASC NULLS LAST, q5 ASC NULLS LAST, TRY_CAST(q6 AS DOUBLE) ASC NULLS LAST, q6 ASC NULLS LAST, TRY_CAST(q7 AS DOUBLE) ASC NULLS LAST, q7 ASC NULLS LAST LIMIT CAST(? AS BIGINT)
-- params: ["main",1795132800000,1795219200000,"mimecast",{"geoTable":0},10000]

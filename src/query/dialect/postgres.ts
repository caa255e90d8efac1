import type { Dialect } from './dialect.js';

const IPV4 = '^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$';
const IPV6 = '^[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*$';

/** Addresses that are not public: 0/8, 10/8, 127/8, 100.64/10, 169.254/16, 172.16/12, 192.168/16, 224/3. */
const NOT_PUBLIC =
  '^((0|10|127|22[4-9]|2[3-5][0-9])|172\\.(1[6-9]|2[0-9]|3[01])|192\\.168|169\\.254|100\\.(6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7]))\\.';
const PRIVATE = '^(10|172\\.(1[6-9]|2[0-9]|3[01])|192\\.168)\\.';

/**
 * A regex replacement from its pieces: bound text, or an inline group number written `\N`. `shift`: how
 * far the engine's group numbers are from the pattern's (PostgreSQL's mc2c_re makes the whole match group 1).
 */
const replacement = (pieces: string[], shift: number) =>
  pieces.map((p) => (/^[0-9]+$/.test(p) ? `'\\${Number(p) + shift}'` : p)).join(' || ');

/**
 * PostgreSQL, giving DuckDB's answers. Where PostgreSQL has no direct equivalent the SQL calls `mc2c_*`
 * helper functions that the PostgreSQL store creates in its migrations (src/store/postgres/sql-functions.ts):
 * a JSON parse that yields NULL for bad JSON, JSON paths, RE2 patterns rewritten for PostgreSQL's regex engine
 * (whose groups then start at 2: see mc2c_re), TRY_CAST to a number, strftime formats and DuckDB's time buckets.
 * Text ordering follows the database collation: C or C.UTF-8 sorts as DuckDB does (see docs/postgres.md).
 */
export const postgresDialect: Dialect = {
  name: 'postgres',
  placeholder: (n) => `$${n}`,
  types: { text: 'TEXT', number: 'DOUBLE PRECISION', bool: 'BOOLEAN', bigint: 'BIGINT' },
  tryNumber: (x) => `mc2c_num(${x})`,
  functions: {
    lower: ([a]) => `lower(${a})`,
    upper: ([a]) => `upper(${a})`,
    length: ([a]) => `length(${a})`,
    trim: ([a]) => `trim(${a})`,
    // DuckDB's substr takes a negative length as "that many characters before start".
    substr: ([s, start, end]) => {
      const from = `CAST(${start} AS INTEGER) + 1`;
      if (end === undefined) return `substr(${s}, ${from})`;
      const length = `(CAST(${end} AS INTEGER) - CAST(${start} AS INTEGER))`;
      return `CASE WHEN ${length} >= 0 THEN substr(${s}, ${from}, ${length}) ELSE substr(${s}, ${from} + ${length}, -${length}) END`;
    },
    concat: (args) => `concat(${args.map((a) => `coalesce(${a}, '')`).join(', ')})`,
    abs: ([a]) => `abs(${a})`,
    // round(double) rounds half to even; numeric rounds half away from zero, as DuckDB does.
    round: ([a]) => `CAST(round(CAST(${a} AS NUMERIC)) AS DOUBLE PRECISION)`,
    floor: ([a]) => `floor(${a})`,
    ceil: ([a]) => `ceil(${a})`,
    contains: ([s, t]) => `(strpos(${s}, ${t}) > 0)`,
    regexMatch: ([s, p]) => `(${s} ~ mc2c_re(${p}))`,
    // DuckDB gives '' for no match or a group that took no part.
    regexExtract: ([s, p, g]) => `CASE WHEN ${s} IS NULL THEN NULL ELSE coalesce((regexp_match(${s}, mc2c_re(${p})))[${g} + 1], '') END`,
    like: ([s, p]) => `(${s} LIKE ${p} ESCAPE '\\')`,
    toNumber: ([a]) => `mc2c_num(CAST(${a} AS TEXT))`,
    toText: ([a]) => `mc2c_text(${a})`,
    isValidIP: ([a]) => `coalesce(${a} ~ '${IPV4}' OR ${a} ~ '${IPV6}', false)`,
    formatDate: ([ms, fmt, tz]) => `to_char((to_timestamp(CAST(${ms} AS BIGINT) / 1000.0) AT TIME ZONE ${tz}), mc2c_strftime(${fmt}))`,
    jsonText: ([src, path]) => `(mc2c_json(${src}) #>> mc2c_json_path(${path}))`,
    jsonTextCI: ([src, key]) => `mc2c_json_key_ci(${src}, ${key})`,
    // One parse of the JSON for all the paths.
    // json (not jsonb) keeps each item's text as the message wrote it, as DuckDB's json_extract does for compact JSON.
    jsonValues: ([src, array, item]) =>
      `(SELECT '[' || string_agg(CAST(v AS TEXT), ',' ORDER BY n) || ']' FROM (SELECT e #> mc2c_json_path(${item}) AS v, n FROM (SELECT mc2c_json(${src}) #> mc2c_json_path(${array}) AS a) AS s, json_array_elements(CASE WHEN json_typeof(s.a) = 'array' THEN s.a END) WITH ORDINALITY AS t(e, n)) AS items WHERE v IS NOT NULL)`,
    jsonValuesWhere: ([src, array, item, path, value, negated]) =>
      `(SELECT '[' || string_agg(CAST(v AS TEXT), ',' ORDER BY n) || ']' FROM (SELECT e #> mc2c_json_path(${item}) AS v, n FROM (SELECT mc2c_json(${src}) #> mc2c_json_path(${array}) AS a) AS s, json_array_elements(CASE WHEN json_typeof(s.a) = 'array' THEN s.a END) WITH ORDINALITY AS t(e, n) WHERE (e #>> mc2c_json_path(${path})) ${negated === '1' ? '<>' : '='} ${value}) AS items WHERE v IS NOT NULL)`,
    jsonList: ([src, ...paths]) =>
      `(SELECT ARRAY[${paths.map((p) => `j #>> mc2c_json_path(${p})`).join(', ')}] FROM (SELECT mc2c_json(${src}) AS j) AS parsed)`,
    listItem: ([list, n]) => `(${list})[${n}]`,
    timeBucket: ([ms, span, tz]) => `mc2c_time_bucket(CAST(${ms} AS BIGINT), CAST(${span} AS BIGINT), ${tz})`,
    splitPart: ([s, d, n]) => `(string_to_array(${s}, ${d}))[${n}]`,
    splitQuoted: ([s, d, pattern, strip, n]) =>
      `regexp_replace((SELECT m[2] FROM regexp_matches(${s} || ${d}, mc2c_re(${pattern}), 'g') WITH ORDINALITY AS t(m, k) WHERE k = ${n}), mc2c_re(${strip}), '\\2')`,
    regexExtractAllItem: ([s, p, g, i]) =>
      `(SELECT m[${g} + 1] FROM regexp_matches(${s}, mc2c_re(${p}), 'g') WITH ORDINALITY AS t(m, k) WHERE k = ${i} + 1)`,
    regexCount: ([s, p]) => `regexp_count(${s}, mc2c_re(${p}))`,
    replace: ([s, a, b]) => `replace(${s}, ${a}, ${b})`,
    regexReplace: ([s, p, ...pieces]) => `regexp_replace(${s}, mc2c_re(${p}), ${replacement(pieces, 1)}, 'g')`,
    isValidIPv4: ([a]) => `coalesce(${a} ~ '${IPV4}', false)`,
    isValidIPv6: ([a]) => `coalesce(${a} ~ '${IPV6}', false)`,
    isPrivateIP: ([a]) => `coalesce(${a} ~ '${IPV4}' AND ${a} ~ '${PRIVATE}', false)`,
    isPublicIP: ([a]) => `coalesce(${a} ~ '${IPV4}' AND NOT ${a} ~ '${NOT_PUBLIC}', false)`,
    // The same answers on both databases: NULL where the function is undefined (PostgreSQL would fail the query).
    sqrt: ([a]) => `CASE WHEN ${a} >= 0 THEN sqrt(${a}) END`,
    sin: ([a]) => `sin(${a})`,
    cos: ([a]) => `cos(${a})`,
    tan: ([a]) => `tan(${a})`,
    ln: ([a]) => `CASE WHEN ${a} > 0 THEN ln(${a}) END`,
    log10: ([a]) => `CASE WHEN ${a} > 0 THEN log10(${a}) END`,
    exp: ([a]) => `CASE WHEN ${a} < 700 THEN exp(${a}) END`,
    atan2: ([y, x]) => `atan2(${y}, ${x})`,
    parseDate: ([s, fmt, tz]) => `mc2c_parse_date(${s}, ${fmt}, ${tz})`,
    // numeric keeps the scale round gives it (round(5, 2) is 5.00) and rounds half away from zero, as printf.
    fixedDecimals: ([x, n]) => `CAST(round(CAST(${x} AS NUMERIC), ${n}) AS TEXT)`,
    urlEncode: ([a]) => `mc2c_url_encode(${a})`,
    urlDecode: ([a]) => `mc2c_url_decode(${a})`,
  },
  aggregates: {
    count: () => 'count(*)',
    countField: (a) => `count(${a})`,
    count_distinct: (a) => `count(DISTINCT ${a})`,
    sum: (a) => `sum(${a})`,
    avg: (a) => `avg(${a})`,
    min: (a) => `min(${a})`,
    max: (a) => `max(${a})`,
    pct: (a, { fractionSql }) => `percentile_cont(${fractionSql}) WITHIN GROUP (ORDER BY ${a})`,
    // DuckDB's arg_max / arg_min skip rows where the value or the time is NULL.
    first: (a, { time }) => `(array_agg(${a} ORDER BY ${time} DESC) FILTER (WHERE ${a} IS NOT NULL AND ${time} IS NOT NULL))[1]`,
    last: (a, { time }) => `(array_agg(${a} ORDER BY ${time} ASC) FILTER (WHERE ${a} IS NOT NULL AND ${time} IS NOT NULL))[1]`,
  },
  unnestRange: (count, keepEmpty) =>
    keepEmpty
      ? `unnest(CASE WHEN ${count} = 0 THEN ARRAY[NULL::BIGINT] ELSE ARRAY(SELECT generate_series(0::BIGINT, ${count} - 1)) END)`
      : `generate_series(0::BIGINT, ${count} - 1)`,
  rowsTable: (param) => `SELECT g.n AS row_n, g.r AS row_json FROM json_to_recordset(CAST(${param} AS JSON)) AS g(n BIGINT, r TEXT)`,
  transactionTable: (param) =>
    `SELECT g.s AS tx_source, g.k AS tx_key, g.g AS tx_group, g.d AS tx_duration, g.n AS tx_size FROM json_to_recordset(CAST(${param} AS JSON)) AS g(s TEXT, k TEXT, g BIGINT, d BIGINT, n BIGINT)`,
  geoTable: (param) =>
    `SELECT g.ip AS geo_ip, g.latitude AS geo_latitude, g.longitude AS geo_longitude, g.country_code AS geo_country_code, g.country_name AS geo_country_name, g.region AS geo_region, g.city AS geo_city, g.postal_code AS geo_postal_code FROM json_to_recordset(CAST(${param} AS JSON)) AS g(ip TEXT, latitude DOUBLE PRECISION, longitude DOUBLE PRECISION, country_code TEXT, country_name TEXT, region TEXT, city TEXT, postal_code TEXT)`,
  orderItem: (sql, desc) => `${sql} ${desc ? 'DESC' : 'ASC'} NULLS LAST`,
};

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
 * DuckDB's regexp_extract takes a group number up to 9 only (and its STRUCT form only a constant pattern, not
 * a parameter). A later group (an anchor `parse` with ten `*`) is read from the first match of
 * regexp_extract_all, '' where the group took no part, as regexp_extract gives. `g` is the inline group number.
 */
const extractGroup = (s: string, p: string, g: string) =>
  Number(g) <= 9 ? `regexp_extract(${s}, ${p}, ${g})` : `coalesce(regexp_extract_all(${s}, ${p}, ${g})[1], '')`;

/** DuckDB: RE2 regexes, JSON functions that take a list of paths (one parse for many fields), TRY for bad JSON. */
export const duckdbDialect: Dialect = {
  name: 'duckdb',
  placeholder: () => '?',
  types: { text: 'VARCHAR', number: 'DOUBLE', bool: 'BOOLEAN', bigint: 'BIGINT' },
  tryNumber: (x) => `TRY_CAST(${x} AS DOUBLE)`,
  functions: {
    lower: ([a]) => `lower(${a})`,
    upper: ([a]) => `upper(${a})`,
    length: ([a]) => `length(${a})`,
    trim: ([a]) => `trim(${a})`,
    substr: ([s, start, end]) =>
      end === undefined
        ? `substr(${s}, CAST(${start} AS BIGINT) + 1)`
        : `substr(${s}, CAST(${start} AS BIGINT) + 1, CAST(${end} AS BIGINT) - CAST(${start} AS BIGINT))`,
    concat: (args) => `concat(${args.map((a) => `coalesce(${a}, '')`).join(', ')})`,
    abs: ([a]) => `abs(${a})`,
    round: ([a]) => `round(${a})`,
    floor: ([a]) => `floor(${a})`,
    ceil: ([a]) => `ceil(${a})`,
    contains: ([s, t]) => `contains(${s}, ${t})`,
    regexMatch: ([s, p]) => `regexp_matches(${s}, ${p})`,
    regexExtract: ([s, p, g]) => extractGroup(s, p, g),
    like: ([s, p]) => `(${s} LIKE ${p} ESCAPE '\\')`,
    toNumber: ([a]) => `TRY_CAST(${a} AS DOUBLE)`,
    toText: ([a]) => `CAST(${a} AS VARCHAR)`,
    isValidIP: ([a]) => `coalesce(regexp_matches(${a}, '${IPV4}') OR regexp_matches(${a}, '${IPV6}'), false)`,
    formatDate: ([ms, fmt, tz]) => `strftime(timezone(${tz}, make_timestamptz(CAST(${ms} AS BIGINT) * 1000)), ${fmt})`,
    jsonText: ([src, path]) => `TRY(json_extract_string(${src}, ${path}))`,
    // The key's position among the lower-cased keys finds its real spelling (lambdas here trip DuckDB's binder).
    // json_keys reads TRY(CAST(… AS JSON)): DuckDB hoists a subexpression shared by two such fields out of the
    // outer TRY, and json_keys of text that is not JSON would then fail the query.
    jsonTextCI: ([src, key]) =>
      `TRY(json_extract_string(${src}, '$."' || replace(json_keys(TRY(CAST(${src} AS JSON)))[list_position(json_keys(TRY(CAST(lower(${src}) AS JSON))), ${key})], '"', '\\"') || '"'))`,
    jsonValues: ([src, array, item]) =>
      `(SELECT CASE WHEN len(l) > 0 THEN '[' || array_to_string(l, ',') || ']' END FROM (SELECT list_filter(list_transform(TRY(CAST(json_extract(${src}, ${array}) AS JSON[])), x -> CAST(json_extract(x, ${item}) AS VARCHAR)), x -> x IS NOT NULL) AS l))`,
    jsonValuesWhere: ([src, array, item, path, value, negated]) =>
      `(SELECT CASE WHEN len(l) > 0 THEN '[' || array_to_string(l, ',') || ']' END FROM (SELECT list_filter(list_transform(list_filter(TRY(CAST(json_extract(${src}, ${array}) AS JSON[])), x -> json_extract_string(x, ${path}) ${negated === '1' ? '<>' : '='} ${value}), x -> CAST(json_extract(x, ${item}) AS VARCHAR)), x -> x IS NOT NULL) AS l))`,
    jsonList: ([src, ...paths]) => `TRY(json_extract_string(${src}, [${paths.join(', ')}]))`,
    listItem: ([list, n]) => `${list}[${n}]`,
    timeBucket: ([ms, span, tz]) =>
      `epoch_ms(time_bucket(to_milliseconds(CAST(${span} AS BIGINT)), make_timestamptz(CAST(${ms} AS BIGINT) * 1000), ${tz}))`,
    splitPart: ([s, d, n]) => `string_split(${s}, ${d})[${n}]`,
    splitQuoted: ([s, d, pattern, strip, n]) => `regexp_replace(regexp_extract_all(${s} || ${d}, ${pattern}, 1)[${n}], ${strip}, '\\1')`,
    regexExtractAllItem: ([s, p, g, i]) => `regexp_extract_all(${s}, ${p}, ${g})[${i} + 1]`,
    regexCount: ([s, p]) => `len(regexp_extract_all(${s}, ${p}, 0))`,
    replace: ([s, a, b]) => `replace(${s}, ${a}, ${b})`,
    regexReplace: ([s, p, ...pieces]) => `regexp_replace(${s}, ${p}, ${replacement(pieces, 0)}, 'g')`,
    isValidIPv4: ([a]) => `coalesce(regexp_matches(${a}, '${IPV4}'), false)`,
    isValidIPv6: ([a]) => `coalesce(regexp_matches(${a}, '${IPV6}'), false)`,
    isPrivateIP: ([a]) => `coalesce(regexp_matches(${a}, '${IPV4}') AND regexp_matches(${a}, '${PRIVATE}'), false)`,
    isPublicIP: ([a]) => `coalesce(regexp_matches(${a}, '${IPV4}') AND NOT regexp_matches(${a}, '${NOT_PUBLIC}'), false)`,
    // The same answers on both databases: NULL where the function is undefined (PostgreSQL would fail the query).
    sqrt: ([a]) => `CASE WHEN ${a} >= 0 THEN sqrt(${a}) END`,
    sin: ([a]) => `sin(${a})`,
    cos: ([a]) => `cos(${a})`,
    tan: ([a]) => `tan(${a})`,
    ln: ([a]) => `CASE WHEN ${a} > 0 THEN ln(${a}) END`,
    log10: ([a]) => `CASE WHEN ${a} > 0 THEN log10(${a}) END`,
    exp: ([a]) => `CASE WHEN ${a} < 700 THEN exp(${a}) END`,
    atan2: ([y, x]) => `atan2(${y}, ${x})`,
    parseDate: ([s, fmt, tz]) => `CAST(epoch_ms(timezone(${tz}, try_strptime(${s}, ${fmt}))) AS DOUBLE)`,
    fixedDecimals: ([x, n]) => `printf('%.${n}f', ${x})`,
    // url_encode keeps `~` and writes `*` and a space as %XX (RFC 3986); Java's URLEncoder, Sumo's, does the opposite.
    urlEncode: ([a]) => `replace(replace(replace(url_encode(${a}), '~', '%7E'), '%2A', '*'), '%20', '+')`,
    urlDecode: ([a]) => `TRY(url_decode(replace(${a}, '+', ' ')))`,
  },
  aggregates: {
    count: () => 'count(*)',
    countField: (a) => `count(${a})`,
    count_distinct: (a) => `count(DISTINCT ${a})`,
    sum: (a) => `sum(${a})`,
    avg: (a) => `avg(${a})`,
    min: (a) => `min(${a})`,
    max: (a) => `max(${a})`,
    pct: (a, { fractionSql }) => `quantile_cont(${a}, ${fractionSql})`,
    first: (a, { time }) => `arg_max(${a}, ${time})`,
    last: (a, { time }) => `arg_min(${a}, ${time})`,
  },
  unnestRange: (count, keepEmpty) =>
    keepEmpty ? `unnest(CASE WHEN ${count} = 0 THEN [NULL] ELSE range(${count}) END)` : `unnest(range(${count}))`,
  rowsTable: (param) =>
    `SELECT g.n AS row_n, g.r AS row_json FROM (SELECT unnest(from_json(${param}, '[{"n":"BIGINT","r":"VARCHAR"}]')) AS g)`,
  transactionTable: (param) =>
    `SELECT g.s AS tx_source, g.k AS tx_key, g.g AS tx_group, g.d AS tx_duration, g.n AS tx_size FROM (SELECT unnest(from_json(${param}, '[{"s":"VARCHAR","k":"VARCHAR","g":"BIGINT","d":"BIGINT","n":"BIGINT"}]')) AS g)`,
  geoTable: (param) =>
    `SELECT g.ip AS geo_ip, g.latitude AS geo_latitude, g.longitude AS geo_longitude, g.country_code AS geo_country_code, g.country_name AS geo_country_name, g.region AS geo_region, g.city AS geo_city, g.postal_code AS geo_postal_code FROM (SELECT unnest(from_json(${param}, '[{"ip":"VARCHAR","latitude":"DOUBLE","longitude":"DOUBLE","country_code":"VARCHAR","country_name":"VARCHAR","region":"VARCHAR","city":"VARCHAR","postal_code":"VARCHAR"}]')) AS g)`,
  rowId: 'rowid',
  orderItem: (sql, desc) => `${sql} ${desc ? 'DESC' : 'ASC'} NULLS LAST`,
};

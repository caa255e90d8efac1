/**
 * Helper functions the PostgreSQL query dialect (src/query/dialect/postgres.ts) calls by name, so compiled
 * queries give DuckDB's answers. Each is IMMUTABLE: applied to a bound parameter (a path, a pattern, a
 * format) it is evaluated once when the statement is planned, not once per row.
 */
export const SQL_FUNCTIONS: readonly string[] = [
  // JSON text → json, or NULL when it is not JSON (DuckDB's TRY(json_…)). `json` (not jsonb) keeps the
  // source text of nested values, which is what DuckDB returns for minified JSON.
  `CREATE OR REPLACE FUNCTION mc2c_json(t text) RETURNS json LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
  RETURN t::json;
EXCEPTION WHEN others THEN
  RETURN NULL;
END $$`,
  // The compiler's JSON path ($."key"[0]."odd \\" key") → a #>> path array.
  `CREATE OR REPLACE FUNCTION mc2c_json_path(p text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
SELECT coalesce(array_agg(CASE WHEN m[1] IS NOT NULL THEN regexp_replace(m[1], '\\\\(.)', '\\1', 'g') ELSE m[2] END ORDER BY n), '{}')
FROM regexp_matches(p, '\\."((?:[^"\\\\]|\\\\.)*)"|\\[(\\d+)\\]', 'g') WITH ORDINALITY AS t(m, n)
$$`,
  // The first top-level key equal to \`k\` ignoring case, in document order (DuckDB: list_filter(json_keys…)[1]).
  `CREATE OR REPLACE FUNCTION mc2c_json_key_ci(src text, k text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT e.value FROM (SELECT mc2c_json(src) AS j) s,
  json_each_text(CASE WHEN json_typeof(s.j) = 'object' THEN s.j END) AS e
WHERE lower(e.key) = k LIMIT 1
$$`,
  // An RE2 pattern as PostgreSQL's ARE reads it the same way: leading flags kept in front, named groups
  // made plain, \\b \\B \\z spelled \\y \\Y \\Z, and the whole wrapped in a group, so P's groups shift by
  // one (group g is at g + 1). An ARE takes one greediness for the whole match from its first quantifier,
  // where RE2 lets each quantifier have its own; the wrap picks the whole match's greediness from P's last
  // quantifier, which gives RE2's answer for the anchors parse writes ("(.*?)x(.*?)y" and "(.*?)x(.*)"):
  // "(P)|(?!)" is greedy (an alternation always is), "(?:){1,1}?(P)" is not.
  `CREATE OR REPLACE FUNCTION mc2c_re(p text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
SELECT f || CASE WHEN b ~ '[*+?}]\\?[^*+?{}]*$' THEN '(?:){1,1}?(' || b || ')' ELSE '(' || b || ')|(?!)' END
FROM (SELECT coalesce(substring(p from '^\\(\\?[a-zA-Z]+\\)'), '') AS f,
  regexp_replace(regexp_replace(regexp_replace(regexp_replace(
    regexp_replace(p, '^\\(\\?[a-zA-Z]+\\)', ''),
    '((?:^|[^\\\\])(?:\\\\\\\\)*)\\(\\?P?<[A-Za-z_][A-Za-z0-9_]*>', '\\1(', 'g'),
    '((?:^|[^\\\\])(?:\\\\\\\\)*)\\\\b', '\\1\\\\y', 'g'),
    '((?:^|[^\\\\])(?:\\\\\\\\)*)\\\\B', '\\1\\\\Y', 'g'),
    '((?:^|[^\\\\])(?:\\\\\\\\)*)\\\\z', '\\1\\\\Z', 'g') AS b) AS parts
$$`,
  // Text → number as DuckDB's TRY_CAST(… AS DOUBLE) takes it (decimal or exponent, blanks around), else NULL.
  `CREATE OR REPLACE FUNCTION mc2c_num(t text) RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE WHEN t ~ '^\\s*[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?\\s*$' THEN trim(t)::double precision END
$$`,
  // Number → text as DuckDB's CAST(… AS VARCHAR): a whole DOUBLE keeps its ".0".
  `CREATE OR REPLACE FUNCTION mc2c_text(x double precision) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE WHEN x::text ~ '^-?[0-9]+$' THEN x::text || '.0' ELSE x::text END
$$`,
  `CREATE OR REPLACE FUNCTION mc2c_text(x anyelement) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT x::text
$$`,
  // A strftime format (what the compiler emits) → a to_char pattern, literal text quoted.
  `CREATE OR REPLACE FUNCTION mc2c_strftime(f text) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  result text := '';
  lit text := '';
  c text;
  i integer := 1;
BEGIN
  WHILE i <= length(f) LOOP
    c := substr(f, i, 1);
    IF c = '%' AND i < length(f) THEN
      c := substr(f, i + 1, 1);
      i := i + 2;
      IF c = '%' THEN
        lit := lit || '%';
        CONTINUE;
      END IF;
      IF lit <> '' THEN
        result := result || '"' || replace(replace(lit, '\\', '\\\\'), '"', '\\"') || '"';
        lit := '';
      END IF;
      result := result || CASE c
        WHEN 'Y' THEN 'YYYY' WHEN 'y' THEN 'YY' WHEN 'B' THEN 'FMMonth' WHEN 'b' THEN 'Mon' WHEN 'm' THEN 'MM'
        WHEN 'd' THEN 'DD' WHEN 'H' THEN 'HH24' WHEN 'I' THEN 'HH12' WHEN 'M' THEN 'MI' WHEN 'S' THEN 'SS'
        WHEN 'g' THEN 'MS' WHEN 'A' THEN 'FMDay' WHEN 'a' THEN 'Dy' WHEN 'p' THEN 'AM' WHEN 'z' THEN '"+00"'
        ELSE '"%' || c || '"' END;
    ELSE
      lit := lit || c;
      i := i + 1;
    END IF;
  END LOOP;
  IF lit <> '' THEN
    result := result || '"' || replace(replace(lit, '\\', '\\\\'), '"', '\\"') || '"';
  END IF;
  RETURN result;
END $$`,
  // DuckDB's time_bucket(span, ts, tz): buckets aligned in the zone's local time on 2000-01-03 (a Monday).
  // UTC, the usual case, is plain integer arithmetic.
  `CREATE OR REPLACE FUNCTION mc2c_time_bucket(ms bigint, span bigint, tz text) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE WHEN tz = 'UTC' THEN ms - (((ms - 946857600000) % span) + span) % span
  ELSE (extract(epoch FROM (date_bin(span * INTERVAL '1 millisecond', to_timestamp(ms / 1000.0) AT TIME ZONE tz,
    TIMESTAMP '2000-01-03') AT TIME ZONE tz)) * 1000)::bigint END
$$`,
];

/**
 * `%` between two DOUBLE PRECISION values, which PostgreSQL lacks and DuckDB has (fmod: the result takes the
 * dividend's sign; NULL for a zero divisor). The compiler writes `a % b` for the language's `%` and for
 * UTC timeslices.
 */
export const SQL_OPERATORS: readonly string[] = [
  `CREATE OR REPLACE FUNCTION mc2c_mod(a double precision, b double precision) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE WHEN b = 0 THEN NULL ELSE a - b * trunc(a / b) END $$`,
  'CREATE OPERATOR % (LEFTARG = double precision, RIGHTARG = double precision, FUNCTION = mc2c_mod)',
];

/**
 * parseDate: the local time in zone tz that s reads as with strftime format f (mc2c_strftime), in epoch ms;
 * NULL where it does not read (to_timestamp would fail the query). STABLE: to_timestamp reads the session zone.
 * Its own migration, as databases that ran the dialect functions' migration lack it.
 */
export const SQL_PARSE_DATE: readonly string[] = [
  `CREATE OR REPLACE FUNCTION mc2c_parse_date(s text, f text, tz text) RETURNS double precision LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE AS $$
BEGIN
  RETURN extract(epoch FROM (CAST(to_timestamp(s, mc2c_strftime(f)) AS timestamp) AT TIME ZONE tz)) * 1000;
EXCEPTION WHEN others THEN
  RETURN NULL;
END $$`,
];

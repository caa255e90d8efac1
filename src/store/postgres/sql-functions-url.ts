/**
 * urlEncode and urlDecode (src/query/plan-functions-net.ts) for PostgreSQL, giving DuckDB's answers:
 * Java's URLEncoder byte by byte over the UTF-8 text; decoding reads `+` as a space and `%XX` as a byte,
 * keeps a `%` that is not followed by two hex digits, and gives NULL where the bytes are not UTF-8
 * (DuckDB's TRY(url_decode(…))).
 */
export const SQL_URL: readonly string[] = [
  `CREATE OR REPLACE FUNCTION mc2c_url_encode(s text) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  b bytea := convert_to(s, 'UTF8');
  out text := '';
  v int;
BEGIN
  FOR i IN 0 .. length(b) - 1 LOOP
    v := get_byte(b, i);
    IF (v BETWEEN 48 AND 57) OR (v BETWEEN 65 AND 90) OR (v BETWEEN 97 AND 122) OR v IN (42, 45, 46, 95) THEN
      out := out || chr(v);
    ELSIF v = 32 THEN
      out := out || '+';
    ELSE
      out := out || '%' || upper(lpad(to_hex(v), 2, '0'));
    END IF;
  END LOOP;
  RETURN out;
END $$`,
  `CREATE OR REPLACE FUNCTION mc2c_url_hex(v int) RETURNS int LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
SELECT CASE WHEN v BETWEEN 48 AND 57 THEN v - 48 WHEN v BETWEEN 65 AND 70 THEN v - 55 WHEN v BETWEEN 97 AND 102 THEN v - 87 END
$$`,
  `CREATE OR REPLACE FUNCTION mc2c_url_decode(s text) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  b bytea := convert_to(replace(s, '+', ' '), 'UTF8');
  n int := length(b);
  out bytea := '';
  i int := 0;
  hi int;
  lo int;
BEGIN
  WHILE i < n LOOP
    IF get_byte(b, i) = 37 AND i + 2 < n THEN
      hi := mc2c_url_hex(get_byte(b, i + 1));
      lo := mc2c_url_hex(get_byte(b, i + 2));
      IF hi IS NOT NULL AND lo IS NOT NULL THEN
        out := out || set_byte('\\x00'::bytea, 0, hi * 16 + lo);
        i := i + 3;
        CONTINUE;
      END IF;
    END IF;
    out := out || substring(b FROM i + 1 FOR 1);
    i := i + 1;
  END LOOP;
  RETURN convert_from(out, 'UTF8');
EXCEPTION WHEN others THEN
  RETURN NULL;
END $$`,
];

/**
 * Every entry of Sumo Logic's search operator index (SumoLogic/sumologic-documentation,
 * docs/search/search-query-language/search-operators/index.md, and threatlookup.md, which the index leaves
 * commented out), each with a query in the syntax of its own page. `supported: false` ones must be refused at
 * compile time with `line L, column C: … is not supported`, never fail when the query runs.
 */
export interface IndexedOperator {
  /** The page under search-operators/. */
  page: string;
  query: string;
  supported: boolean;
}

const TS = '* | timeslice 1m | count by _timeslice';

export const SUMO_OPERATOR_INDEX: IndexedOperator[] = [
  { page: 'accum.md', query: `${TS} | accum _count`, supported: true },
  { page: 'as.md', query: '* | "web" as type | _sourceHost as host', supported: true },
  { page: 'asn-lookup.md', query: '* | lookup asn, organization from asn://default on ip=src_ip', supported: false },
  { page: 'backshift.md', query: `${TS} | backshift _count`, supported: true },
  { page: 'base64decode.md', query: '* | base64Decode(encoded) as decoded', supported: false },
  { page: 'base64encode.md', query: '* | base64Encode(text) as encoded', supported: false },
  { page: 'bin.md', query: `${TS} | bin _count width=100.0 | count by _bin_label, _bin_lower`, supported: false },
  { page: 'cat.md', query: 'cat path://"/Library/Users/me@example.com/Users"', supported: true },
  { page: 'cidr.md', query: '* | compareCIDRPrefix("10.10.1.32", ip, "24") as same | getCIDRPrefix(ip, "24") as net', supported: true },
  { page: 'compare.md', query: `${TS} | compare with timeshift 1d`, supported: true },
  { page: 'concat.md', query: '* | concat(a, ":", b) as ab', supported: true },
  { page: 'contains.md', query: '* | contains(a, b) as has', supported: true },
  { page: 'dectohex.md', query: '* | decToHex(n) as hex', supported: false },
  { page: 'dedup.md', query: '* | dedup 2 by user', supported: true },
  { page: 'diff.md', query: `${TS} | diff _count`, supported: false },
  { page: 'fields.md', query: '* | fields - _raw', supported: true },
  { page: 'fillmissing.md', query: `${TS} | fillmissing timeslice(1m)`, supported: true },
  {
    page: 'filter.md',
    query:
      '* | timeslice 1m | count by _timeslice, _sourceHost | filter _sourceHost in (sum(_count) by _sourceHost | top 2 _sourceHost by _sum)',
    supported: false,
  },
  { page: 'format.md', query: '* | format("%s : %.2f", name, rate) as line', supported: true },
  { page: 'formatdate.md', query: '* | formatDate(now(), "yyyy-MM-dd") as today', supported: true },
  { page: 'geo-lookup-map.md', query: '* | lookup latitude, longitude, country_code from geo://location on ip=src_ip', supported: true },
  { page: 'geoip.md', query: '* | geoip src_ip', supported: true },
  { page: 'hash.md', query: '* | hash(user, "sha256") as hashed', supported: false },
  { page: 'haversine.md', query: '* | haversine(39.04, -95.69, 37.77, -122.41) as km', supported: true },
  { page: 'hextoascii.md', query: '* | hexToAscii(hex) as text', supported: false },
  { page: 'hextodec.md', query: '* | hexToDec(hex) as n', supported: false },
  { page: 'if.md', query: '* | if(status = "500", "error", "ok") as level | status > 400 ? 1 : 0 as bad', supported: true },
  { page: 'in.md', query: '* | where status in ("500", "503")', supported: true },
  { page: 'ipv4tonumber.md', query: '* | ipv4ToNumber(ip) as n', supported: false },
  { page: 'isnull-isempty-isblank.md', query: '* | isNull(a) as n | isEmpty(a) as e | isBlank(a) as b', supported: true },
  { page: 'isnumeric.md', query: '* | isNumeric(a) as n', supported: false },
  { page: 'isprivateip.md', query: '* | isPrivateIP(ip) as private', supported: true },
  { page: 'ispublicip.md', query: '* | isPublicIP(ip) as public', supported: true },
  { page: 'isreservedip.md', query: '* | isReservedIP(ip) as reserved', supported: false },
  { page: 'isvalidip.md', query: '* | isValidIP(ip) as v | isValidIPv4(ip) as v4 | isValidIPv6(ip) as v6', supported: true },
  {
    page: 'join.md',
    query: '* | join (parse "starting stream from *" as a) as t1, (parse "search from parent stream *" as b) as t2 on t1.a = t2.b',
    supported: true,
  },
  { page: 'jsonarraycontains.md', query: '* | jsonArrayContains(tags, "prod") as prod', supported: false },
  { page: 'jsonarraysize.md', query: '* | jsonArraySize(tags) as n', supported: false },
  { page: 'length.md', query: '* | length(user) as n', supported: true },
  { page: 'limit.md', query: '* | limit 10', supported: true },
  { page: 'lookup.md', query: '* | lookup owner from path://"/Library/Users/me@example.com/Owners" on ip=src_ip', supported: true },
  { page: 'lookup-classic.md', query: '* | lookup email from https://company.com/userTable.csv on name=userName', supported: false },
  { page: 'lookup-classic.md', query: '* | lookup status_code from shared/statusupdates on status = code', supported: false },
  {
    page: 'lookupcontains.md',
    query: '* | where lookupContains(path://"/Library/Users/me@example.com/suspicious-users", userID=user)',
    supported: false,
  },
  { page: 'luhn.md', query: '* | luhn(card) as valid', supported: false },
  { page: 'manually-cast-data-string-number.md', query: '* | num(a) as n | toLong(b) as l | toString(n) as s', supported: true },
  { page: 'matches.md', query: '* | where user matches "adm*" or user matches /^root$/', supported: true },
  { page: 'now.md', query: '* | now() as t', supported: true },
  { page: 'num.md', query: '* | num(bytes)', supported: true },
  { page: 'outlier.md', query: `${TS} | outlier _count window=5, threshold=3`, supported: true },
  { page: 'predict.md', query: `${TS} | predict _count by 1m`, supported: false },
  { page: 'queryendtime.md', query: '* | queryEndTime() as t', supported: false },
  { page: 'querystarttime.md', query: '* | queryStartTime() as t', supported: false },
  { page: 'querytimerange.md', query: '* | queryTimeRange() as t', supported: false },
  { page: 'replace.md', query: '* | replace(url, /[0-9]{5,}/, "") as url', supported: true },
  { page: 'rollingstd.md', query: `${TS} | rollingstd _count, 5`, supported: false },
  { page: 'save.md', query: '* | count by ip | save path://"/Library/Users/me@example.com/Counts"', supported: true },
  { page: 'save-classic.md', query: '* | count by name | save myFolder/mySubFolder/newDailyUsers', supported: false },
  { page: 'sessionize.md', query: '* | sessionize "id=*" as (id), "session $id *" as (detail)', supported: false },
  { page: 'smooth.md', query: `${TS} | smooth _count, 5`, supported: false },
  { page: 'sort.md', query: `${TS} | sort by _count desc`, supported: true },
  { page: 'substring.md', query: '* | substring(user, 0, 3) as prefix', supported: true },
  { page: 'threatip.md', query: '* | threatip src_ip', supported: true },
  { page: 'threatlookup.md', query: '* | threatlookup singleIndicator src_ip', supported: true },
  { page: 'timeslice.md', query: '* | timeslice 5m | count by _timeslice', supported: true },
  {
    page: 'timeslice-join.md',
    query:
      '* | timeslice 1h | join (parse "starting stream from * " AS streamId) AS table1, (parse "starting search from parent stream * " AS streamId) AS table2 on table1.streamId = table2.streamId | count table1_streamId, table1__timeslice',
    supported: true,
  },
  { page: 'tolowercase-touppercase.md', query: '* | toLowerCase(user) as u | toUpperCase(user) as U', supported: true },
  { page: 'top.md', query: '* | top 10 user by _count', supported: true },
  { page: 'topk.md', query: `${TS} | topk(5, _count)`, supported: true },
  { page: 'total.md', query: `${TS} | total _count`, supported: true },
  { page: 'tourl.md', query: '* | tourl(url, "the page") as link', supported: true },
  { page: 'trace.md', query: '* | trace "ID=([0-9A-F]{4}-[0-9A-F]{4})" "7F92-B0D1"', supported: false },
  {
    page: 'transpose.md',
    query: '* | timeslice 1m | count by _timeslice, status | transpose row _timeslice column status',
    supported: true,
  },
  { page: 'trim.md', query: '* | trim(user) as u', supported: true },
  { page: 'urldecode.md', query: '* | urldecode(url) as u', supported: true },
  { page: 'urlencode.md', query: '* | urlencode(url) as u', supported: true },
  { page: 'where.md', query: '* | where status = "500"', supported: true },
];

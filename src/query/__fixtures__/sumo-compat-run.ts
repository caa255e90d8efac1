import type { TestMessage } from '../test-support.js';

/**
 * Examples from Sumo Logic's operator pages (SumoLogic/sumologic-documentation, docs/search/search-query-language/),
 * with a few messages each where the page gives enough to know the answer: the rows are Sumo's documented
 * answer for those messages. `parses: false` marks an example this product refuses, with why; it still counts.
 */
export interface CompatExample {
  page: string;
  query: string;
  /** `minutes`: the time range, from T0 (else a day around it). */
  run?: { messages: TestMessage[]; rows: Record<string, unknown>[]; minutes?: number };
  parses?: false;
  /** Why this product's answer differs from the page's (the example runs, and must give another answer). */
  differs?: string;
  why?: string;
}

export const T0 = Date.UTC(2026, 10, 20);
const at = (minute: number) => T0 + minute * 60_000;
const line = (raw: string, minute: number, extra: Partial<TestMessage> = {}): TestMessage => ({ raw, time: at(minute), ...extra });

const SO = 'search-operators';
const PA = 'parse-operators';

const firewall = [
  line('denied ip=10.10.1.40, port=22', 1, { sourceCategory: 'firewall' }),
  line('rejected ip=10.10.1.70, port=22', 2, { sourceCategory: 'firewall' }),
  line('denied ip=10.10.1.33, port=80', 3, { sourceCategory: 'firewall' }),
  line('allowed ip=10.10.1.34, port=80', 4, { sourceCategory: 'firewall' }),
];
const errors = [
  line('error in a', 0, { sourceHost: 'h1', sourceCategory: 'app' }),
  line('error in b', 0, { sourceHost: 'h1', sourceCategory: 'app' }),
  line('error in c', 1, { sourceHost: 'h1', sourceCategory: 'app' }),
  line('error in d', 0, { sourceHost: 'h2', sourceCategory: 'db' }),
  line('error in e', 2, { sourceHost: 'h2', sourceCategory: 'db' }),
  line('error in f', 2, { sourceHost: 'h2', sourceCategory: 'db' }),
  line('error in g', 2, { sourceHost: 'h2', sourceCategory: 'db' }),
];
const sweets = [
  line('{"n":1}', 0, { sourceCategory: 'asthana_json_test', collector: 'Asthana-Test', fields: { sweets: 'cake' } }),
  line('{"n":2}', 0, { sourceCategory: 'asthana_json_test', collector: 'Asthana-Test', fields: { sweets: 'cake' } }),
  line('{"n":3}', 2, { sourceCategory: 'asthana_json_test', collector: 'Asthana-Test', fields: { sweets: 'pie' } }),
];
const logins = [line('login type=web', 0), line('login type=web', 1), line('login type=api', 2)];
const latencies = [
  line('login Completed in 100 ms.', 0, { fields: { type: 'view' } }),
  line('login Completed in 200 ms.', 20, { fields: { type: 'rework' } }),
];
const statuses = [
  line('GET /a 200', 0, { sourceCategory: 'Apache/Access' }),
  line('GET /b 500', 0, { sourceCategory: 'Apache/Access' }),
  line('GET /c 200', 1, { sourceCategory: 'Apache/Access' }),
];

export const RUN_EXAMPLES: CompatExample[] = [
  {
    page: `${SO}/tourl.md`,
    query:
      '| tourl("https://www.sumologic.net/ui/#section/search/H10KMVHzntXo9PrFAumuFemdU27f2iqU7bA3U7Lq", "Akamai Denials by Host") as AkamaiQuery\n| count AkamaiQuery',
    run: {
      messages: [line('a', 0), line('b', 1)],
      rows: [
        {
          akamaiquery: '[Akamai Denials by Host](https://www.sumologic.net/ui/#section/search/H10KMVHzntXo9PrFAumuFemdU27f2iqU7bA3U7Lq)',
          _count: 2,
        },
      ],
    },
  },
  {
    page: `${SO}/tourl.md`,
    query:
      '_index=sumologic_audit class=scheduled_search action=FINISH status=FAILURE | where _sourceCategory="scheduled_search" | KV "SchTime", "Url" | tourl(Url, SchTime,"Scheduled search failed at: ","") as urlfailed | count by urlfailed',
  },
  {
    page: `${SO}/cidr.md`,
    query: '* | getCIDRPrefix("10.10.1.35", "24") as net | count by net',
    run: { messages: [line('x', 0)], rows: [{ net: '10.10.1.0', _count: 1 }] },
  },
  {
    page: `${SO}/cidr.md`,
    query: '* | getCIDRPrefix("10.10.1.35", "27") as net | count by net',
    run: { messages: [line('x', 0)], rows: [{ net: '10.10.1.32', _count: 1 }] },
  },
  {
    page: `${SO}/cidr.md`,
    query: '* | getCIDRPrefix("10.10.1.35", "29") as net | count by net',
    run: { messages: [line('x', 0)], rows: [{ net: '10.10.1.32', _count: 1 }] },
  },
  {
    // The page's scope opens a parenthesis it never closes: `(denied OR rejected AND _sourceCategory=firewall`.
    page: `${SO}/cidr.md`,
    query:
      '(denied OR rejected) AND _sourceCategory=firewall | parse "ip=*," as ip_address | where compareCIDRPrefix("10.10.1.32", ip_address, "27") | count by ip_address',
    run: {
      messages: firewall,
      rows: [
        { ip_address: '10.10.1.33', _count: 1 },
        { ip_address: '10.10.1.40', _count: 1 },
      ],
    },
  },
  {
    page: `${SO}/cidr.md`,
    query:
      '(denied OR rejected) AND _sourceCategory=firewall | parse "ip=*," as ip_address | where !compareCIDRPrefix("10.10.1.32", ip_address, "27") | count by ip_address',
    run: { messages: firewall, rows: [{ ip_address: '10.10.1.70', _count: 1 }] },
  },
  {
    page: `${SO}/cidr.md`,
    query: '* | maskFromCIDR("29") as m | count by m',
    run: { messages: [line('x', 0)], rows: [{ m: '255.255.255.248', _count: 1 }] },
  },
  {
    page: `${SO}/topk.md`,
    query: 'error\n| timeslice 1m\n| count by _timeslice, _sourceHost\n| topk(2, _count)',
    run: {
      messages: errors,
      rows: [
        { _timeslice: at(2), _sourcehost: 'h2', _count: 3, _rank: 1 },
        { _timeslice: at(0), _sourcehost: 'h1', _count: 2, _rank: 2 },
      ],
    },
  },
  {
    page: `${SO}/topk.md`,
    query: 'error\n| timeslice 1m\n| count by _timeslice, _sourceHost\n| topk(2,_count) by _sourceHost',
    run: {
      messages: errors,
      rows: [
        { _timeslice: at(0), _sourcehost: 'h1', _count: 2, _rank: 1 },
        { _timeslice: at(1), _sourcehost: 'h1', _count: 1, _rank: 2 },
        { _timeslice: at(2), _sourcehost: 'h2', _count: 3, _rank: 1 },
        { _timeslice: at(0), _sourcehost: 'h2', _count: 1, _rank: 2 },
      ],
    },
  },
  {
    page: `${SO}/topk.md`,
    query: 'error\n| timeslice 1m\n| count by _timeslice, _sourceHost, _sourceCategory\n| topk(2,_count) by _sourceHost, _sourceCategory',
  },
  { page: `${SO}/topk.md`, query: 'error\n| timeslice 1m\n| count by _timeslice, _sourceHost\n| topk(5, _count)' },
  {
    page: `${SO}/top.md`,
    query: 'error | top 5 _sourceCategory',
    run: {
      messages: errors,
      rows: [
        { _sourcecategory: 'db', _count: 4 },
        { _sourcecategory: 'app', _count: 3 },
      ],
    },
  },
  {
    page: `${SO}/top.md`,
    query: 'error | top 5 _sourceCategory by count',
    run: {
      messages: errors,
      rows: [
        { _sourcecategory: 'db', _count: 4 },
        { _sourcecategory: 'app', _count: 3 },
      ],
    },
  },
  { page: `${SO}/top.md`, query: 'error | top 10 _sourceCategory by _messagetime' },
  { page: `${SO}/fillmissing.md`, query: 'login\n| timeslice 15m\n| count by _timeslice\n| fillmissing timeslice\n| sort by _timeslice' },
  {
    page: `${SO}/fillmissing.md`,
    query: 'login\n| parse "type=*" as type\n| count by type\n| fillmissing values("web", "api", "internal") in type\n  with -1 for _count',
    run: {
      messages: logins,
      rows: [
        { type: 'web', _count: 2 },
        { type: 'api', _count: 1 },
        { type: 'internal', _count: -1 },
      ],
    },
  },
  {
    page: `${SO}/fillmissing.md`,
    query:
      '_sourceCategory="asthana_json_test" and _collector="Asthana-Test"\n| timeslice 1m\n| count by _timeslice, sweets\n| fillmissing timeslice, values all in sweets\n| transpose row _timeslice column sweets',
    run: {
      messages: sweets,
      minutes: 3,
      rows: [
        { _timeslice: at(0), cake: 2, pie: 0 },
        { _timeslice: at(2), cake: 0, pie: 1 },
        { _timeslice: at(1), cake: 0, pie: 0 },
      ],
    },
  },
  {
    // The page: before transpose the filled rows hold 0 (a double result's default), after it null.
    page: `${SO}/fillmissing.md`,
    query:
      'login\n| parse "Completed in * ms." as latency\n| timeslice 15m\n| pct(latency, 99) by type, _timeslice\n| fillmissing timeslice,\n  values("rework", "view", "mix") in type\n| transpose row _timeslice column type',
    run: {
      messages: latencies,
      minutes: 30,
      rows: [
        { _timeslice: at(15), mix: 0, rework: 200, view: 0 },
        { _timeslice: at(0), mix: 0, rework: 0, view: 100 },
      ],
    },
  },
  {
    page: `${SO}/fillmissing.md`,
    query:
      '_sourceCategory="asthana_json_test" and _collector="Asthana-Test"\n| timeslice 1m\n| count by _timeslice, sweets\n| fillmissing timeslice, values all in sweets takelast\n| transpose row _timeslice column sweets',
    run: {
      messages: sweets,
      minutes: 3,
      rows: [
        { _timeslice: at(0), cake: 2, pie: 0 },
        { _timeslice: at(1), cake: 2, pie: 0 },
        { _timeslice: at(2), cake: 2, pie: 1 },
      ],
    },
  },
  {
    page: `${SO}/fillmissing.md`,
    query:
      'login\n| parse "Completed in * ms." as latency\n| timeslice 15m\n| pct(latency, 99) by type, _timeslice\n| transpose row _timeslice column type\n| fillmissing timeslice',
  },
  {
    page: `${SO}/transpose.md`,
    query:
      '_sourceCategory=Labs/Apache/Access\n| timeslice 5m\n| count by _timeslice, status_code\n| transpose row _timeslice column status_code',
  },
  {
    page: `${SO}/transpose.md`,
    query:
      "_sourceCategory=service\n| parse \"Successful login for user '*', organization: '*'\" as user, org_id\n| timeslice 1d\n| count _timeslice, user\n| transpose row _timeslice column user",
  },
  {
    page: `${SO}/transpose.md`,
    query:
      '_sourceCategory=Apache/Access\n| parse "GET * *" as path, status_code\n| timeslice 1m\n| count by _timeslice, status_code\n| transpose row _timeslice column status_code as %"200", %"400", %"500"',
    run: {
      messages: statuses,
      rows: [
        { _timeslice: at(0), '200': 1, '400': null, '500': 1 },
        { _timeslice: at(1), '200': 1, '400': null, '500': null },
      ],
    },
  },
  { page: `${PA}/parse-predictable-patterns-using-an-anchor.md`, query: '* | parse "user=*:" as user' },
  {
    page: `${PA}/parse-predictable-patterns-using-an-anchor.md`,
    query: '* | parse "user=*: severity=*:" as user, severity | count by user, severity',
    run: {
      messages: [
        line('Aug 2 04:06:08: host=10.1.1.124: local/ssl2 notice mcpd[3772]: User=jsmith@demo.com: severity=warning: 01070638:5: Pool', 0),
      ],
      rows: [{ user: 'jsmith@demo.com', severity: 'warning', _count: 1 }],
    },
  },
  { page: `${PA}/parse-predictable-patterns-using-an-anchor.md`, query: '* | parse "[Classification:*]" as %"Class ID"' },
  { page: `${PA}/parse-nodrop-option.md`, query: '_sourceCategory=Apache* \n| parse "[sessionId=*]" as sessionid nodrop' },
  {
    page: `${PA}/parse-nodrop-option.md`,
    query: String.raw`_sourceCategory=Apache* | parse regex "(?<src_ip>\d{1,3}\.\d{1,3}.\d{1,3}\.\d{1,3})" nodrop`,
  },
  {
    page: `${PA}/parse-nodrop-option.md`,
    query: '_sourceCategory=Apache*\n| parse "GET * HTTP" as url nodrop \n| parse "POST * HTTP" as url | count by url',
    run: {
      messages: [
        line('GET /a HTTP/1.1', 0, { sourceCategory: 'Apache/Access' }),
        line('POST /b HTTP/1.1', 1, { sourceCategory: 'Apache/Access' }),
        line('PUT /c HTTP/1.1', 2, { sourceCategory: 'Apache/Access' }),
      ],
      rows: [
        { url: '/a', _count: 1 },
        { url: '/b', _count: 1 },
      ],
    },
  },
  {
    page: `${SO}/urldecode.md`,
    query: 'http: \n| parse "Connecting to firewall at URL: *" as url \n| urldecode(url) as decoded | count by decoded',
    run: {
      messages: [
        line(
          'http: Connecting to firewall at URL: http%3A%2F%2Fyourmainserver-city55555.org%2Ffunctions%2Fmain.php%3Fgk%3DGk45MgHJhEYx8bPYvGfiWS7o3KLdfg90%26',
          0,
        ),
      ],
      rows: [{ decoded: 'http://yourmainserver-city55555.org/functions/main.php?gk=Gk45MgHJhEYx8bPYvGfiWS7o3KLdfg90&', _count: 1 }],
    },
  },
  {
    page: `${SO}/urldecode.md`,
    query: '_sourceCategory=Apache/Access | parse "GET * HTTP" as raw_url | urldecode(raw_url) as decoded_url',
  },
];

import type { GoldenCase } from './golden-case.js';

/** Golden cases for Sumo Logic's URL and CIDR functions (plan-functions-net.ts). Rows worked out by hand from messages.ts. */
export const SUMO_NET_CASES: GoldenCase[] = [
  {
    // Java's URLEncoder: `*` stays, `~` is %7E, a space is `+`; decoding reads `+` as a space and leaves `%4` alone.
    name: 'url-encode-decode-and-to-url',
    query: `_sourceCategory=mimecast _sourceName=siem | json "subject" as s | urlEncode(concat(s, " ~*/é%")) as e | urlDecode(e) as d | urlDecode("a%2Bb+c%4") as kept | urlDecode("%FF") as bad | toUrl(concat("https://x.example/?q=", e), s) as link | toUrl("https://x.example", s, "Subject: ", "!") as named | count by s, e, d, kept, bad, link, named`,
    rows: [
      {
        s: 'Invoice',
        e: 'Invoice+%7E*%2F%C3%A9%25',
        d: 'Invoice ~*/é%',
        kept: 'a+b c%4',
        bad: null,
        link: '[Invoice](https://x.example/?q=Invoice+%7E*%2F%C3%A9%25)',
        named: '[Subject: Invoice!](https://x.example)',
        _count: 1,
      },
      {
        s: 'Quarterly report',
        e: 'Quarterly+report+%7E*%2F%C3%A9%25',
        d: 'Quarterly report ~*/é%',
        kept: 'a+b c%4',
        bad: null,
        link: '[Quarterly report](https://x.example/?q=Quarterly+report+%7E*%2F%C3%A9%25)',
        named: '[Subject: Quarterly report!](https://x.example)',
        _count: 1,
      },
    ],
  },
  {
    // 81.2.69.142 is in 81.2.64.0/20 (69 = 0100 0101); the /12 networks clear the low 4 bits of the second octet.
    name: 'cidr-functions',
    query: `_sourceCategory=mimecast | json "senderIp" as ip | compareCIDRPrefix(ip, "81.2.64.0", "20") as near | getCIDRPrefix(ip, "12") as net | maskFromCIDR("20") as mask | where compareCIDRPrefix(ip, "81.0.0.0", 4) or !compareCIDRPrefix("10.1.2.3", ip, "8") | count by ip, near, net, mask`,
    rows: [
      { ip: '175.16.199.1', near: false, net: '175.16.0.0', mask: '255.255.240.0', _count: 1 },
      { ip: '81.2.69.142', near: true, net: '81.0.0.0', mask: '255.255.240.0', _count: 1 },
      { ip: '89.160.20.112', near: false, net: '89.160.0.0', mask: '255.255.240.0', _count: 1 },
    ],
  },
];

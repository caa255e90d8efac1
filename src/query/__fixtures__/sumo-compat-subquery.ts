import type { TestMessage } from '../test-support.js';
import { type CompatExample, T0 } from './sumo-compat-run.js';

/**
 * The examples of Sumo's subqueries page (SumoLogic/sumologic-documentation, docs/search/subqueries.md) and the
 * cat page's one; where the subqueries page gives enough to know the answer, messages in its shape: the shop's
 * nginx logs name the most active client, 243.63.233.30, whose checkout events the parent query counts.
 */
const PAGE = '../subqueries.md';
const at = (minute: number) => T0 + minute * 60_000;
const nginx = (ip: string, minute: number): TestMessage => ({
  raw: `GET /trip from ${ip}`,
  time: at(minute),
  sourceCategory: 'reinvent/travel/nginx',
  fields: { src_ip: ip },
});
const checkout = (ip: string, funcName: string, minute: number): TestMessage => ({
  raw: { funcName, source_ip: ip },
  time: at(minute),
  sourceCategory: 'reinvent/travel/checkout',
  fields: { src_ip: ip },
});
const shop = [
  nginx('243.63.233.30', 0),
  nginx('243.63.233.30', 1),
  nginx('10.1.1.7', 2),
  checkout('243.63.233.30', 'process_cart', 3),
  checkout('243.63.233.30', 'process_cart', 4),
  checkout('243.63.233.30', 'charge', 5),
  checkout('243.63.233.30', 'browse', 6),
  checkout('10.1.1.7', 'charge', 7),
];
/** Both checkouts of the most active client and its one purchase. */
const mostActive = [
  { funcname: 'Checkout', _count: 2 },
  { funcname: 'Purchased', _count: 1 },
];
const child = '[subquery:_sourceCategory=reinvent/travel/nginx\n     | count by src_ip\n     | topk(1,_count)\n';
const rest =
  '| json field=_raw "funcName"\n| where funcname in ("process_cart","charge")\n| if (funcname = "process_cart" , "Checkout", "Purchased") as funcname\n| count by funcname';

export const SUBQUERY_EXAMPLES: CompatExample[] = [
  {
    page: PAGE,
    query: `_sourceCategory=reinvent/travel/checkout\n${child}     | compose src_ip keywords\n]\n${rest}`,
    run: { messages: shop, rows: mostActive },
  },
  {
    page: PAGE,
    query: `_sourceCategory=reinvent/travel/checkout\n${child}     | compose src_ip\n]\n${rest}`,
    run: { messages: shop, rows: mostActive },
  },
  {
    page: PAGE,
    query:
      '_sourceCategory=reinvent/travel/checkout\n| json field=_raw "source_ip" as src_ip\n| json field=_raw "funcName"\n| where funcname in ("process_cart","charge")\n| where [subquery:_sourceCategory=reinvent/travel/nginx\n      | count by src_ip\n      | topk(1,_count)| compose src_ip]\n| if (funcname = "process_cart" , "Checkout", "Purchased") as funcname\n| count by funcname',
    run: { messages: shop, rows: mostActive },
  },
  {
    page: PAGE,
    query:
      '_sourceCategory=reinvent/travel/checkout\n| json field=_raw "source_ip" as src_ip\n| json field=_raw "funcName"\n| where funcname in ("process_cart","charge")\n| if ( [subquery:_sourceCategory=reinvent/travel/nginx\n      | count by src_ip\n      | topk(1,_count)| compose src_ip], true, false) as boolean\n| if (funcname = "process_cart" , "Checkout", "Purchased") as funcname\n| count by funcname, boolean',
    run: {
      messages: shop,
      rows: [
        { funcname: 'Checkout', boolean: true, _count: 2 },
        { funcname: 'Purchased', boolean: false, _count: 1 },
        { funcname: 'Purchased', boolean: true, _count: 1 },
      ],
    },
  },
  {
    page: PAGE,
    query: '[subquery from=(-15m):error\n| count by _sourcehost\n| topk(1, _count)\n| compose _sourceHost]\n| count by _sourceHost',
  },
  {
    page: PAGE,
    query:
      '[subquery from=(2018/07/08 23:13:36) to=(2018/07/09 23:13:36):error\n| count by _sourcehost\n| topk(1, _count)\n| compose _sourceHost]\n| count by _sourceHost',
  },
  {
    page: PAGE,
    query:
      '_sourceCategory=search "error while retrying to deploy index"\n| parse \\",name=*-*\\" as cus, index | where [subquery: _sourceCategory=search "error while retrying to deploy index"!info\n         | parse ",indexName=\'*-*\'" as cus, index         | count by index // Ignore cases where retry might have happened.\n         | where _count > 3\n         | compose by index]\n| count by _sourceHost, cus, index',
    parses: false,
    why: 'the page writes the parent\'s pattern as \\",name=*-*\\": a backslash outside a quoted string',
  },
  {
    page: PAGE,
    query:
      '_sourceCategory=weblogs\n[subquery:_sourceCategory="Labs/SecDemo/guardduty" "EC2 Instance" "communicating on an unusual server port 22"\n| json field=_raw "service.action.networkConnectionAction.remoteIpDetails" as remoteIpDetails\n| json field=_raw "service.action.networkConnectionAction.connectionDirection" as connectionDirection\n| where connectionDirection = "OUTBOUND"\n| json field=remoteipdetails "ipAddressV4" as src_ip\n| lookup type, actor, raw, threatlevel from sumo://threat/cs on src_ip=threat\n| where threatlevel = "high"\n| compose src_ip]',
  },
  {
    page: PAGE,
    query:
      '_sourceCategory=katta\n [subquery:(_sourceCategory=stream explainJSONPlan.ETT) error\n      | where !(statusmessage="Finished successfully" or statusmessage="Query canceled" or isNull(statusMessage))\n      | count by sessionId, statusMessage\n      | fields -_count\n      | save /explainPlan/neededSessions\n      | compose sessionId keywords]\n| parse "[sessionId=*]" as sessionId\n| lookup statusMessage from /explainPlan/neededSessions on sessionid=sessionid',
    parses: false,
    why: 'save inside a subquery is refused (its write would need a pass between the child and the parent)',
  },
  {
    page: 'search-operators/cat.md',
    query: 'cat path://"/Library/Users/myusername@sumologic.com/Suspicious Users"',
  },
];

import { type CompatExample, T0 } from './sumo-compat-run.js';

/** The examples of Sumo's keyvalue page (parse-operators/parse-keyvalue-formatted-logs.md), the page's log run where given. */
const PAGE = 'parse-operators/parse-keyvalue-formatted-logs.md';
const netflix =
  '2017-09-08 21:01:58:552 INFO com.netflix.tracing.RequestTrace:1 [http-0.0.0.0-7101-89] [log] reqId=b588ab0b-858a-4ea5-ba78-8a68a3b609d3-96 {perf.response_time_ms=129, request.trace_local_flag=true, serviceinfo.IP=10.211.77.111, request.country=US, perf.request_start_timestamp_ms=1339189318397, serviceinfo.service_name=API, request.method=GET}';

export const KEYVALUE_EXAMPLES: CompatExample[] = [
  { page: PAGE, query: '* | keyvalue infer "module", "thread"' },
  {
    page: PAGE,
    query: String.raw`* | keyvalue regex "\s(.*?)=(.*?)," keys "serviceinfo.IP", "perf.request_start_timestamp_ms" as ip, start_ms`,
    parses: false,
    why: 'a regex with a key group and a value group: only the one-group form (the value) is supported',
  },
  {
    page: PAGE,
    query: '* | keyvalue regex "=(.*?)," "serviceinfo.IP", "perf.request_start_timestamp_ms"',
    run: {
      messages: [{ raw: netflix, time: T0 }],
      rows: [{ serviceinfo_ip: '10.211.77.111', perf_request_start_timestamp_ms: '1339189318397' }],
    },
  },
  { page: PAGE, query: '* | keyvalue infer keys "<a>", "<b>"' },
  { page: PAGE, query: '* | keyvalue "<a>", "<b>"' },
  { page: PAGE, query: '* | kv "<a>", "<b>"' },
  { page: PAGE, query: '* | keyvalue auto', parses: false, why: 'keyvalue auto: its fields are known only per message' },
  { page: PAGE, query: '* | keyvalue auto delim ":"', parses: false, why: 'keyvalue auto is not supported' },
];

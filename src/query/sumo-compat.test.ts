import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.js';
import { KEYVALUE_EXAMPLES } from './__fixtures__/sumo-compat-keyvalue.js';
import { type CompatExample, RUN_EXAMPLES, T0 } from './__fixtures__/sumo-compat-run.js';
import { SUBQUERY_EXAMPLES } from './__fixtures__/sumo-compat-subquery.js';
import { runCompiledQuery } from './execute.js';
import { compileQuery } from './index.js';
import { createTestDb, loadMessages } from './test-support.js';

/**
 * Examples from Sumo Logic's operator pages (SumoLogic/sumologic-documentation, docs/search/search-query-language/),
 * each with its page. Every one must compile for both databases; the golden cases run the same features on data.
 */
const EXAMPLES: CompatExample[] = [
  { page: 'group-aggregate-operators/count-count-distinct-and-count-frequent.md', query: '* | count' },
  { page: 'group-aggregate-operators/count-count-distinct-and-count-frequent.md', query: '* | count(port)' },
  { page: 'group-aggregate-operators/count-count-distinct-and-count-frequent.md', query: '* | count(port) by srcAddress, tgtAddress' },
  {
    page: 'group-aggregate-operators/count-count-distinct-and-count-frequent.md',
    query: '* | count(port) as countOfPort, avg(bytes) by srcAddress, tgtAddress | sort by countOfPort',
  },
  { page: 'search-operators/formatdate.md', query: '* | formatDate(now(), "yyyy-MM-dd") as today' },
  { page: 'search-operators/formatdate.md', query: '* | formatDate(now(),"dd-MM-yyyy") as today' },
  { page: 'search-operators/formatdate.md', query: '* | formatDate(now(), "MM-dd-yyyy HH:mm", "America/New_York") as today' },
  {
    page: 'search-operators/formatdate.md',
    query:
      '* | formatDate(_receipttime, "MM/dd/yyyy HH:mm:ss:SSS") as receiptDate | formatDate(_messageTime, "MM/dd/yyyy HH:mm:ss:SSS") as messageDate | _receiptTime - _messageTime as delay | delay / 60000 as delayInMinutes',
  },
  { page: 'search-operators/formatdate.md', query: '* | formatDate(_messagetime, "EEE") as day | where day="Mon"' },
  { page: 'search-operators/formatdate.md', query: '* | formatDate(_messagetime, "EEE") as day | where !(day="Sat" or day="Sun")' },
  { page: 'search-operators/formatdate.md', query: '* | count, min(_messagetime) as mindate | formatDate(toLong(mindate))' },
  {
    page: 'search-operators/formatdate.md',
    query:
      '* | toLong(eventTimeInEpochSeconds * 1000) as eventTimeInEpochMs | formatDate(eventTimeInEpochMs, "MM-dd-yyyy") as eventTimeHuman',
  },
  { page: 'search-operators/replace.md', query: '* | replace(url, /[0-9]{5,}/, "") as url' },
  { page: 'search-operators/replace.md', query: '* | replace(url, /(flight)\\/([0-9]{5,})/, "new-$2-url") as url' },
  {
    page: 'search-operators/replace.md',
    query: 'error | parse "[logger=*]" as logger | replace(logger, ".","->") as logger_replace | fields logger, logger_replace',
  },
  { page: 'search-operators/replace.md', query: '* | replace(moduleName, "_", " ") as humanReadableModuleName' },
  {
    page: 'search-operators/replace.md',
    query: 'phone_num | parse "[phone_num=*]" as phone_num | replace(phone_num, ".", "-") as phone_num_dash',
  },
  { page: 'search-operators/replace.md', query: '* | replace(field, "5","7") as field | replace(field, "4","2") as field' },
  {
    page: 'search-operators/replace.md',
    query:
      '_sourceName=Application |timeslice 1h | parse "SourceName = \\"*\\";" as Source | parse "Type = \\"*\\";" as Level | parse "EventCode = *;" as Event_Code | event_code as event_id |replace(event_id, "1073743528","1704") as event_id |fields - event_code //|count by level, _timeslice\n|count by event_id',
  },
  {
    page: 'search-operators/format.md',
    query: 'error | parse "fiveMinuteRate=*," as rate | format("%s : %s","Five Minute Rate is :" , rate) as formattedVal',
  },
  { page: 'search-operators/format.md', query: '* | format( "%.20f",number) as bigDecimal' },
  { page: 'search-operators/format.md', query: '* | format( "$%.2f",number) as currency' },
  { page: 'search-operators/format.md', query: '* | format("%S: %d", name, age) as personAge' },
  { page: 'search-operators/format.md', query: '* | format("%.3f %s", avg_cache_miss_pct,"%") as avg_cache_miss_pct' },
  { page: 'search-operators/haversine.md', query: '* | haversine(39.04380, -77.48790, 45.73723, -119.81143) as distanceKMs' },
  { page: 'search-operators/haversine.md', query: '* | haversine(39.04380, -77.48790, 45.73723, -119.81143)/1.609344 as distanceMiles' },
  { page: 'search-operators/timeslice.md', query: '* | timeslice by 5m | count by _timeslice' },
  { page: 'search-operators/timeslice.md', query: '* | timeslice 1h | count by _timeslice' },
  {
    page: 'group-aggregate-operators/most-recent-least-recent.md',
    query: String.raw`*ip* OR *address* | parse regex "(?<IP>\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})" | lookup latitude, longitude, country_code from geo://location on ip=IP | where !isNull(country_code) | withtime IP | most_recent(ip_withtime) by country_code`,
  },
  {
    page: 'group-aggregate-operators/most-recent-least-recent.md',
    query: '* | parse "status=*" as status | withtime status | least_recent(status_withtime) as s by _sourceHost',
  },
  { page: 'parse-operators/parse-json-formatted-logs.md', query: '_index=audit_events | json "accountId" | fields accountId' },
  {
    page: 'parse-operators/parse-json-formatted-logs.md',
    query: '_index=sumologic_audit_events | json "accountId", "eventName" as aID, eName | fields aID, eName',
  },
  { page: 'parse-operators/parse-json-formatted-logs.md', query: '* | json field=jsonobject "meta.type"' },
  { page: 'parse-operators/parse-json-formatted-logs.md', query: '* | json field=jsonobject "baselineIntervals[1]"' },
  {
    page: 'parse-operators/parse-json-formatted-logs.md',
    query: '_sourceCategory=O365* | json "Actor[0].Type" as Actortype0 | json "Actor[1].Type" as Actortype1',
  },
  { page: 'parse-operators/parse-json-formatted-logs.md', query: '* | json field=jsonobject "baselineIntervals[0]" nodrop' },
  { page: 'parse-operators/parse-json-formatted-logs.md', query: '"{" | json auto' },
  { page: 'parse-operators/parse-json-formatted-logs.md', query: '* | json auto field=myfield' },
  { page: 'parse-operators/parse-json-formatted-logs.md', query: '* | json auto keys "key1", "key2" as field1, field2' },
  { page: 'parse-operators/parse-json-formatted-logs.md', query: '* | json auto keys "key1", "key2" refonly' },
  { page: 'parse-operators/parse-json-formatted-logs.md', query: '* | json auto maxdepth 2' },
  { page: 'parse-operators/parse-json-formatted-logs.md', query: '* | json auto extractarrays' },
  { page: 'parse-operators/parse-json-formatted-logs.md', query: '* | json auto | count by username' },
  { page: 'parse-operators/parse-json-formatted-logs.md', query: '* | json auto | count by %users[2].address.street' },
  { page: 'parse-operators/parse-json-formatted-logs.md', query: '_sourceCategory=O365* | json "Actor[*].Type" as Actortype' },
  {
    page: 'parse-operators/parse-json-formatted-logs.md',
    query: String.raw`_sourceCategory=O365* | json field=_raw "CreationTime", "Id" | json "Actor[*].Type" as ActorType | extract field=ActorType "(?<Type>\d+)" multi | max(Type) by CreationTime, Id`,
  },
  { page: 'search-operators/dedup.md', query: '* | dedup 1 by service' },
  { page: 'search-operators/dedup.md', query: '* | dedup 3 by source' },
  { page: 'search-operators/dedup.md', query: '* | dedup by _sourceCategory' },
  { page: 'search-operators/dedup.md', query: '* | dedup' },
  { page: 'search-operators/dedup.md', query: '* | dedup by country' },
  { page: 'search-operators/dedup.md', query: '* | dedup 2 by country, continent' },
  { page: 'search-operators/total.md', query: '* | parse "bytes:*," as data | total data as t_data' },
  { page: 'search-operators/total.md', query: '* | parse "BytesTotalPersec = \\"*\\"" as ps | where ps > 3000 | total ps' },
  { page: 'search-operators/total.md', query: '* | limit 10 | 1 as data | total data by _messagetime' },
  {
    page: 'search-operators/total.md',
    query:
      '_sourceCategory=IIS (Wyatt OR Luke) | parse "* * * * * * * * " as date, time, csmethod, cs_uri_stem, cs_uri_query, s_port, c_ip, cs_username | timeslice by 1m | count as requests by _timeslice,cs_username | sort by _timeslice asc, cs_username | total requests as running_total by cs_username',
  },
  {
    page: 'parse-operators/parsedate.md',
    query: String.raw`* | parse "TimeGenerated = \"*.000000-000" as dd | parseDate(dd, "yyyyMMddHHmmss") as milliseconds`,
  },
  {
    page: 'parse-operators/parsedate.md',
    query: String.raw`* | parse "TimeGenerated = \"*.000000-000" as dd | parseDate(dd, "yyyyMMddHHmmss", "etc/utc") as milliseconds`,
  },
  {
    page: 'search-operators/lookup.md',
    query: '* | lookup cell as c1 from path://"/Library/Users/myusername@sumologic.com/Suspicious Users" on userEmail=email',
  },
  {
    page: 'search-operators/lookup.md',
    query: '* | lookup cell1 as c1, cell2 as c2 from path://"/Library/Users/myusername@sumologic.com/Suspicious Users" on userEmail=email',
  },
  {
    page: 'search-operators/lookup.md',
    query:
      '* | lookup cell1 as c1, cell2 as c2 from path://"/Library/Users/myusername@sumologic.com/Suspicious Users" on userEmail=email, userStatus=status',
  },
  {
    page: 'search-operators/save.md',
    query:
      '* | parse "name=*," as name | parse "action=*," as action | parse "date=*," as date | where action="sign-up" | first(date) as date, first(action) as action by name | save path://"/Library/Users/myusername@sumologic.com/Users"',
  },
  {
    page: 'search-operators/save.md',
    query:
      '* | parse "name=*," as name | parse "action=*," as action | parse "date=*," as date | where action="sign-up" | first(date) as date, first(action) as action by name | save append path://"/Library/Users/myusername@sumologic.com/Users"',
  },
  {
    page: 'search-operators/geo-lookup-map.md',
    query:
      '* | parse "[remote_ip=*]" as remote_ip | lookup latitude, longitude from geo://location on ip = remote_ip | count by latitude, longitude | sort _count',
  },
  {
    page: 'search-operators/geo-lookup-map.md',
    query:
      '* | parse "[remote_ip=*]" as remote_ip | lookup country_code from geo://location on ip = remote_ip | if (isNull(country_code), "unknown", country_code) as country_code',
  },
  {
    page: 'search-operators/geoip.md',
    query: '* | parse "remote_ip=*]" as remote_ip | geoip remote_ip | count by latitude, longitude | sort _count',
  },
  {
    page: 'search-operators/geoip.md',
    query: '* | parse "remote_ip=*]" as remote_ip | geoip remote_ip | if (isNull(country_code), "unknown", country_code) as country_code',
  },
  {
    page: 'search-operators/threatip.md',
    query: String.raw`_sourceCategory=Labs/* | parse regex "(?<ip_address>\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})" | threatip ip_address | where !(isNull(malicious_confidence))`,
  },
  {
    page: 'search-operators/threatlookup.md',
    query:
      '_index=sec_record* | threatlookup singleIndicator srcDevice_ip | where _threatlookup.confidence > 50 | timeslice 1h | count by _timeslice',
  },
  {
    page: 'search-operators/threatlookup.md',
    query:
      '_index=sec_record* | threatlookup source="mysource" srcDevice_ip | where _threatlookup.confidence > 50 | timeslice 1h | count by _timeslice',
  },
  {
    page: 'search-operators/threatlookup.md',
    query:
      '_index=sec_record* | threatlookup singleIndicator srcDevice_ip | where _threatlookup.confidence > 50 | where !isNull(_threatlookup.source) | timeslice 1h | count by _timeslice',
  },
  {
    page: 'search-operators/threatlookup.md',
    query: String.raw`* | parse regex "(?<client_ip>\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})" | threatlookup singleIndicator client_ip`,
  },
];

const ALL: CompatExample[] = [...EXAMPLES, ...RUN_EXAMPLES, ...SUBQUERY_EXAMPLES, ...KEYVALUE_EXAMPLES];
const RANGE = { from: T0 - 3_600_000, to: T0 + 86_400_000 };

function compiles(query: string): boolean {
  try {
    for (const dialect of ['duckdb', 'postgres'] as const) compileQuery(query, { dialect, ...RANGE });
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === 'searchQueryError') return false;
    throw error;
  }
}

/** The example's rows on its messages (DuckDB), only the fields the expected rows name. */
async function run(e: CompatExample & { run: NonNullable<CompatExample['run']> }): Promise<Record<string, unknown>[]> {
  const db = await createTestDb();
  try {
    await loadMessages(db.connection, e.run.messages);
    const range = e.run.minutes === undefined ? RANGE : { from: T0, to: T0 + e.run.minutes * 60_000 };
    const result = await runCompiledQuery(db.runner, compileQuery(e.query, { dialect: 'duckdb', ...range }));
    return result.rows.map((r, i) => Object.fromEntries(Object.keys(e.run.rows[i] ?? r).map((k) => [k, r[k]])));
  } finally {
    db.close();
  }
}

describe("Sumo Logic's documented examples", () => {
  for (const e of ALL) {
    it(`${e.page}: ${e.query.slice(0, 80)}`, async () => {
      expect(compiles(e.query), e.why).toBe(e.parses !== false);
      if (e.run && e.differs) expect(await run({ ...e, run: e.run }), e.differs).not.toEqual(e.run.rows);
      else if (e.run) expect(await run({ ...e, run: e.run })).toEqual(e.run.rows);
    });
  }

  it('the compatibility figure: examples that parse, and examples that run with the documented answer', async () => {
    const parsed = ALL.filter((e) => compiles(e.query)).length;
    let ranRight = 0;
    const runnable = ALL.filter((e) => e.run);
    for (const e of runnable) if (e.run && JSON.stringify(await run({ ...e, run: e.run })) === JSON.stringify(e.run.rows)) ranRight++;
    console.log(
      `Sumo compatibility: ${parsed} of ${ALL.length} examples parse; ${ranRight} of ${runnable.length} run with the documented answer`,
    );
    expect({ examples: ALL.length, parsed, runnable: runnable.length, ranRight }).toEqual({
      examples: ALL.length,
      parsed: ALL.length - ALL.filter((e) => e.parses === false).length,
      runnable: runnable.length,
      ranRight: runnable.length - runnable.filter((e) => e.differs).length,
    });
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__', 'indicators');

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) =>
    new Writable({
      write(chunk, _enc, done) {
        into.push(chunk.toString());
        done();
      },
    });
  const code = await main(argv, { stdout: sink(out), stderr: sink(err), env: {} });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

let dir: string;
let data: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mc2c-indicators-'));
  data = path.join(dir, 'data');
  writeFileSync(
    path.join(dir, 'messages.json'),
    JSON.stringify([
      { ip: '203.0.113.7', timestamp: Date.now() - 60_000 },
      { ip: '192.0.2.1', timestamp: Date.now() - 60_000 },
    ]),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mimecast-c2c import-indicators', () => {
  it('loads a STIX bundle with progress, and the threat lookups then find its indicators', async () => {
    const r = await cli('import-indicators', '--data', data, path.join(fixtures, 'stix-bundle.json'));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('stix-bundle.json: 3 indicators, 1 skipped');
    expect(r.stdout).toBe('read 3, stored 3, skipped 1\n');
    expect((await cli('import', '--data', data, '--category', 'fw', path.join(dir, 'messages.json'))).code).toBe(0);
    const cs = await cli(
      'search',
      '_sourceCategory=fw | json "ip" | lookup type, threatlevel as malicious_confidence from sumo://threat/cs on threat=ip | count by ip, type, malicious_confidence',
      '--data',
      data,
      '--format',
      'json',
    );
    expect(JSON.parse(cs.stdout)).toEqual([
      { ip: '192.0.2.1', type: null, malicious_confidence: null, _count: 1 },
      { ip: '203.0.113.7', type: 'IP_ADDRESS', malicious_confidence: 'high', _count: 1 },
    ]);
    const tl = await cli(
      'search',
      '_sourceCategory=fw | json "ip" | threatlookup singleIndicator ip | where !isNull(_threatlookup.source) | fields ip, _threatlookup.source, _threatlookup.kill_chain',
      '--data',
      data,
      '--format',
      'json',
    );
    expect(JSON.parse(tl.stdout)).toMatchObject([
      { ip: '203.0.113.7', '_threatlookup.source': 'stix-bundle', '_threatlookup.kill_chain': 'command-and-control' },
    ]);
  });

  it('loads CSV under --source and replaces an indicator of the same id', async () => {
    const file = path.join(dir, 'list.csv');
    writeFileSync(file, 'indicator,type,actors,confidence,valid_until\r\n"evil.example",domain-name:value,"SPIDER, ""X""",80,\r\n');
    const r = await cli('import-indicators', '--data', data, '--source', 'mine', file, file);
    expect(r.stdout).toBe('read 2, stored 1, skipped 0\n');
  });

  it('refuses a bad file naming the row and column, storing nothing', async () => {
    const file = path.join(dir, 'bad.csv');
    writeFileSync(file, 'indicator,type,confidence\n203.0.113.7,ipv4-addr:value,50\n5.6.7.8,ipv4-addr:value,high\n');
    const r = await cli('import-indicators', '--data', data, file);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `mimecast-c2c import-indicators: ${file}: row 3, column 3 (confidence): confidence must be a whole number from 0 to 100\n`,
    );
    const header = path.join(dir, 'header.csv');
    writeFileSync(header, 'indicator,kind\n');
    expect((await cli('import-indicators', '--data', data, header)).stderr).toContain("row 1, column 2: unknown column 'kind'");
    const notStix = path.join(dir, 'x.json');
    writeFileSync(notStix, '{"objects": []}');
    expect((await cli('import-indicators', '--data', data, notStix)).stderr).toContain('a STIX 2.x bundle');
    // 203.0.113.7 on row 2 was valid: it was not stored either.
    const count = await cli(
      'search',
      '_sourceCategory=fw | json "ip" | threatlookup source="bad" ip | count by _threatlookup.indicator',
      '--data',
      data,
      '--format',
      'json',
    );
    expect(JSON.parse(count.stdout)).toEqual([{ '_threatlookup.indicator': null, _count: 2 }]);
  });
});

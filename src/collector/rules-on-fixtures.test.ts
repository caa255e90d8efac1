import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { conformanceDir, conformanceFile, conformanceTitle } from '../core/test-conformance.js';
import type { SourceConfig } from '../model/source-config.js';
import { parseNdjson } from '../sources/mimecast/siem-events.js';
import { openStore } from '../store/open-store.js';
import { prepareMimecastSource } from './mimecast-runtime.js';

const ownBatch = new URL('../sources/mimecast/__fixtures__/siem-batch.ndjson', import.meta.url);

describe('processing rules on a SIEM batch file, through the store', () => {
  it('excludes, masks and hashes as configured, drops unknown custom fields and stores the result', async () => {
    await expectRulesThroughStore(readFileSync(ownBatch, 'utf8'));
  });
});

describe.skipIf(!conformanceDir)(conformanceTitle('processing rules on the Elastic SIEM sample, through the store'), () => {
  it('excludes, masks and hashes as configured, drops unknown custom fields and stores the result', async () => {
    await expectRulesThroughStore(readFileSync(conformanceFile('elastic/siem_logs/test-siem-v2-logs.log'), 'utf8'));
  });
});

async function expectRulesThroughStore(text: string) {
  const events = parseNdjson(text, silentLogger);
  const envelopes = events.map((e) => e.data.senderEnvelope).filter((v): v is string => typeof v === 'string');
  const ips = events.map((e) => e.data.senderIp).filter((v): v is string => typeof v === 'string');
  expect(envelopes.length).toBeGreaterThan(0);
  expect(ips.length).toBeGreaterThan(0);
  const journals = events.filter((e) => e.data.type === 'journal').length;
  // A line replayed at another offset is one event: the store keeps it once.
  const kept = new Set(events.filter((e) => e.data.type !== 'journal').map((e) => e.dedupeKey)).size;

  const dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-rules-'));
  const clock = new ManualClock();
  const store = await openStore({ data: dir, clock, logger: silentLogger, secretKey: 'k' });
  try {
    const collector = await store.collectors.create({ name: 'C', description: '', category: '', fields: {} });
    await store.fields.create('team');
    const config: SourceConfig = {
      name: 'Mimecast',
      description: '',
      category: 'Mimecast',
      fields: { _siemForward: true, team: 'soc', unknownField: 'x' },
      clientID: 'id',
      clientSecret: 'secret',
      dataCollection: ['siem'],
      filters: [
        { name: 'no-journal', filterType: 'Exclude', regexp: '.*"type":"journal".*' },
        { name: 'mask-sender', filterType: 'Mask', regexp: '"senderEnvelope":"([^"]+)"', mask: '#####' },
        { name: 'hash-ip', filterType: 'Hash', regexp: '"senderIp":"([^"]+)"' },
      ],
      hashAlgorithm: 'SHA-256',
      region: 'global',
      startTime: '-1d',
      pollingIntervalSec: 300,
    };
    const source = await store.sources.create(collector.id, config);
    const schema = new Set((await store.fields.list()).map((f) => f.fieldName));
    const build = prepareMimecastSource(source, 'C', schema);
    const { messages, dropped } = await build(events, 'siem', clock.now());
    expect(dropped).toBe(journals);
    expect(messages).toHaveLength(events.length - journals);
    await store.messages.appendBatch({ sourceId: source.id, dataType: 'siem', messages, checkpoint: { v: 1 }, dropped });

    const rows = await store.query('SELECT raw, fields FROM messages WHERE source_id = ?', [source.id]);
    expect(rows).toHaveLength(kept);
    const all = rows.map((r) => String(r.raw)).join('\n');
    for (const envelope of envelopes) expect(all).not.toContain(`"senderEnvelope":"${envelope}"`);
    expect(all).toContain('"senderEnvelope":"#####"');
    const digest = createHash('sha256').update(ips[0]).digest('hex');
    expect(all).toContain(`"senderIp":"${digest}"`);
    expect(all).not.toContain('"type":"journal"');
    const fields = JSON.parse(String(rows[0].fields)) as Record<string, string>;
    expect(fields.team).toBe('soc');
    expect(fields.unknownField).toBeUndefined();
    expect(fields._siemVendor).toBe('Mimecast');
    const stats = await store.checkpoints.stats(source.id);
    expect(stats.siem?.dropped).toBe(journals);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

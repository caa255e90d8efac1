import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RawEvent } from '../../model/message.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dir = path.resolve(repoRoot, '../shared/fixtures/sekoia/mimecast-email-security');

/** The Sekoia test events (real Mimecast API 2.0 SIEM batch lines), read in place, as a source hands them on. */
export function sekoiaEvents(): { file: string; event: RawEvent }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const raw = (JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { input: { message: string } }).input.message;
      const data = JSON.parse(raw) as Record<string, unknown>;
      const logType = String(data.type ?? data.eventType ?? '');
      return { file, event: { raw, data, dedupeKey: file, time: typeof data.timestamp === 'number' ? data.timestamp : null, logType } };
    });
}

export function sekoiaEvent(file: string): RawEvent {
  const found = sekoiaEvents().find((e) => e.file === file);
  if (found === undefined) throw new Error(`no fixture ${file}`);
  return found.event;
}

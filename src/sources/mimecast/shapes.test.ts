import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import type { DataType } from '../../model/message.js';
import { JumpClock, makeClient, T0 } from './test-helpers.js';

/** A real local server answering 200 with bodies shaped in ways Mimecast never documented. */
const ANSWERS: Record<string, string> = {
  '/oauth/token': '{"access_token":"t","token_type":"bearer","expires_in":1799}',
  '/siem/v1/events/cg': '{"value":"not a list","isCaughtUp":true}',
  '/api/dlp/get-logs': '{"meta":{"status":200},"data":[{"dlpLogs":[1,2]}],"fail":[]}',
  '/api/audit/get-audit-events': '{"meta":{"status":200},"data":{"id":"x"},"fail":[]}',
  '/api/gateway/get-hold-message-list': '{"meta":{"status":200},"data":["id-only"],"fail":[]}',
  '/api/ttp/url/get-logs': '{"meta":{"status":200},"data":[{"clickLogs":{"url":"x"}}],"fail":[]}',
  '/api/ttp/attachment/get-logs': '{"meta":{"status":200},"data":[{"attachmentLogs":[null]}],"fail":[]}',
  '/api/ttp/impersonation/get-logs': '{"meta":{"status":200},"data":[{"impersonationLogs":"none"}],"fail":[]}',
  '/api/gateway/get-held-release-logs': '{"meta":{"status":200},"data":[{"heldReleaseLogs":[["id"]]}],"fail":[]}',
  '/api/archive/get-archive-search-logs': '{"meta":{"status":200},"data":[{"logs":7}],"fail":[]}',
  '/siem/v1/batch/events/ci': '{"value":[{"link":"no url"}],"isCaughtUp":false}',
  '/api/ttp/threat-intel/get-feed': '{"type":"bundle","objects":{"id":"indicator--1"}}',
};

let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(ANSWERS[path] ?? '{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('answers of an unexpected shape', () => {
  it.each([
    'siem',
    'dlp',
    'auditEvent',
    'holdMessageList',
    'ttpUrlLogs',
    'ttpAttachmentLogs',
    'ttpImpersonationLogs',
    'heldReleaseLogs',
    'archiveSearchLogs',
    'cloudIntegrated',
    'threatIntelFeed',
  ] as DataType[])('%s: a typed, retryable mimecast.badResponse', async (dataType) => {
    const clock = new JumpClock(T0);
    const pager = makeClient(url, clock, { startTime: '-1h' }).pager(dataType);
    let caught: unknown;
    try {
      await pager.next(undefined);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect([(caught as AppError).code, (caught as AppError).retryable]).toEqual(['mimecast.badResponse', true]);
  });
});

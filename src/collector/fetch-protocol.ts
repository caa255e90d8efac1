import { AppError, isErrorCode, toAppError } from '../core/errors.js';
import type { TelemetryEvent } from '../core/telemetry.js';
import type { Checkpoint } from '../model/checkpoint.js';
import type { DataType } from '../model/message.js';
import type { SourceRecord } from '../model/source.js';
import type { BuiltPage } from './page-feed.js';

/**
 * The messages between the collector (main thread) and its fetch worker (fetch-worker.ts). Every request
 * carries the source it is for, so a worker started again after a crash needs nothing it was told before.
 */
export interface SourceSpec {
  source: SourceRecord;
  collectorName: string;
  schemaFields: string[];
  /** Bumped on every `open` of the source in the main thread: the worker rebuilds its client when it changes. */
  seq: number;
}

export type ToWorker =
  | { type: 'authenticate'; job: number; spec: SourceSpec }
  | { type: 'feed'; job: number; spec: SourceSpec; dataType: DataType; cursor: Checkpoint | undefined }
  /** The main thread took `messages` more messages off the feed: the worker may fetch that much further ahead. */
  | { type: 'ack'; job: number; messages: number }
  | { type: 'close'; job: number };

export type FromWorker =
  | { type: 'page'; job: number; page: BuiltPage }
  | { type: 'done'; job: number }
  | { type: 'error'; job: number; error: WireError }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string; fields: Record<string, unknown> | undefined }
  | { type: 'telemetry'; event: TelemetryEvent };

/** What the workerData of a fetch worker holds. */
export interface WorkerConfig {
  mimecastBaseUrl: string | undefined;
  telemetry: boolean;
}

/** An AppError as data: a thread boundary keeps no classes, and the collector classifies failures by code. */
export interface WireError {
  code: string;
  message: string;
  status: number | undefined;
  retryable: boolean;
  field: string | undefined;
  details: Record<string, unknown> | undefined;
}

export function toWire(thrown: unknown): WireError {
  const error = toAppError(thrown);
  return {
    code: error.code,
    message: error.message,
    status: error.status,
    retryable: error.retryable,
    field: error.field,
    details: error.details,
  };
}

export function fromWire(wire: WireError): AppError {
  return new AppError(isErrorCode(wire.code) ? wire.code : 'internal', wire.message, {
    status: wire.status,
    retryable: wire.retryable,
    field: wire.field,
    details: wire.details,
  });
}

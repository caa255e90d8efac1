import { useEffect, useState } from 'react';
import type { PushReceiverView } from '../../model/api-views.js';
import { ApiError, api, errorText } from '../api.js';
import { formatTime } from '../time.js';
import { Confirm } from './Modal.js';

/** The receiver's counts in words, on the source page and the Collection list alike. */
export function pushStatsText(push: { messages: number; lastPushAt: string | null }): string {
  const last = push.lastPushAt ? `last push ${formatTime(push.lastPushAt)}` : 'no push yet';
  return `${push.messages.toLocaleString('en-US')} messages pushed, ${last}`;
}

/** The receiver URL to paste into Mimecast: the server's public URL when it knows one, else this page's origin. */
export function receiverUrl(receiver: PushReceiverView, origin: string): string {
  return receiver.url ?? `${origin}${receiver.path}`;
}

/**
 * A source's Mimecast Event Push receiver (docs/api.md "Event Push receiver"): enable it, copy its URL into
 * Mimecast's Event Push configuration, see what pushes stored, regenerate the token or remove it.
 */
export function PushReceiver({ collectorId, sourceId }: { collectorId: string; sourceId: string }) {
  const path = `/api/v1/collectors/${encodeURIComponent(collectorId)}/sources/${encodeURIComponent(sourceId)}/push`;
  // undefined: loading; null: no receiver.
  const [receiver, setReceiver] = useState<PushReceiverView | null | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [pending, setPending] = useState<'regenerate' | 'remove' | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<{ receiver: PushReceiverView }>(path)
      .then((body) => setReceiver(body.receiver))
      .catch((e) => (e instanceof ApiError && e.code === 'notfound' ? setReceiver(null) : setError(errorText(e))));
  }, [path]);

  const run = async (method: 'POST' | 'DELETE') => {
    setPending(undefined);
    setBusy(true);
    setError(undefined);
    try {
      if (method === 'POST') setReceiver((await api<{ receiver: PushReceiverView }>(path, { method })).receiver);
      else {
        await api(path, { method });
        setReceiver(null);
      }
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <fieldset className="field push-receiver" aria-label="Event Push">
      <legend>Mimecast Event Push</legend>
      <p className="muted small">
        Mimecast can push events here as they happen, besides the pulls above. In Mimecast's Integrations Hub, add an Event Push integration
        with this URL as its destination; the HEC, NDJSON and Webhook payload types all work. The server must be reachable over HTTPS with a
        publicly valid certificate. An event both pushed and pulled is stored once.
      </p>
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : null}
      {receiver === undefined && !error ? <div className="muted">Loading…</div> : null}
      {receiver === null ? (
        <button type="button" disabled={busy} onClick={() => run('POST')}>
          Enable Event Push
        </button>
      ) : null}
      {receiver ? (
        <>
          <label className="field">
            <span>Receiver URL (keep it secret: the token in it is the only credential)</span>
            <input name="pushUrl" readOnly value={receiverUrl(receiver, window.location.origin)} onFocus={(e) => e.target.select()} />
          </label>
          <p className="small" data-testid="push-stats">
            {pushStatsText(receiver)} (since {formatTime(receiver.createdAt)})
          </p>
          <div className="form-actions">
            <button type="button" disabled={busy} onClick={() => setPending('regenerate')}>
              Regenerate token
            </button>
            <button type="button" disabled={busy} onClick={() => setPending('remove')}>
              Remove receiver
            </button>
          </div>
        </>
      ) : null}
      {pending ? (
        <Confirm
          title={pending === 'regenerate' ? 'Regenerate token' : 'Remove receiver'}
          message={
            pending === 'regenerate'
              ? 'The current URL stops working at once: paste the new one into Mimecast.'
              : 'Mimecast can no longer push to this source; its messages stay searchable.'
          }
          confirmLabel={pending === 'regenerate' ? 'Regenerate' : 'Remove'}
          onConfirm={() => run(pending === 'regenerate' ? 'POST' : 'DELETE')}
          onCancel={() => setPending(undefined)}
        />
      ) : null}
    </fieldset>
  );
}

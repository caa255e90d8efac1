import { useEffect, useState } from 'react';
import type { SmtpStatus } from '../../model/connection.js';
import { api, errorText } from '../api.js';

/** The server's SMTP server (GET /api/v1/connections/email), loaded once; undefined while loading. */
export function useEmailServer(): SmtpStatus | undefined {
  const [status, setStatus] = useState<SmtpStatus | undefined>();
  useEffect(() => {
    api<SmtpStatus>('/api/v1/connections/email')
      .then(setStatus)
      .catch(() => setStatus({ configured: false }));
  }, []);
  return status;
}

/** The Connections page's e-mail section: what the server's SMTP server is, and a test message to send through it. */
export function EmailServerSection() {
  const status = useEmailServer();
  const [to, setTo] = useState('');
  const [outcome, setOutcome] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  if (status === undefined) return null;
  const send = async () => {
    setBusy(true);
    try {
      const recipients = to.split(/[,;\s]+/).filter((r) => r !== '');
      const answer = await api<{ statusCode: number | null; responseContent: string }>('/api/v1/connections/email/test', {
        method: 'POST',
        body: { recipients },
      });
      setOutcome(`${answer.statusCode ?? 'no answer'}: ${answer.responseContent}`);
    } catch (e) {
      setOutcome(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="email-server" aria-label="E-mail server">
      <h2>E-mail</h2>
      {status.configured ? (
        <p data-testid="smtp-status">
          Notifications by e-mail go through {status.host}:{status.port} ({status.security}
          {status.authenticated ? ', with a login' : ''}) from {status.from}.
        </p>
      ) : (
        <p className="muted" data-testid="smtp-status">
          No SMTP server is configured: set MC2C_SMTP_HOST and MC2C_SMTP_FROM (docs/running.md) to send monitor notifications by e-mail.
        </p>
      )}
      {status.configured ? (
        <div className="toolbar">
          <input aria-label="Test recipients" placeholder="soc@example.com" value={to} onChange={(e) => setTo(e.target.value)} />
          <button type="button" onClick={send} disabled={busy || !to.trim()}>
            Send a test e-mail
          </button>
          {outcome ? <span data-testid="smtp-test-outcome">{outcome}</span> : null}
        </div>
      ) : null}
    </section>
  );
}

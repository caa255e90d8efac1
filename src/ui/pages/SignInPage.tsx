import { useState } from 'react';
import { api, errorText } from '../api.js';
import type { SessionInfo } from '../types.js';

export function SignInPage({ onSignedIn }: { onSignedIn: (session: SessionInfo) => void }) {
  const [accessId, setAccessId] = useState('');
  const [accessKey, setAccessKey] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!accessId.trim() || !accessKey) {
      setError('Enter an access id and an access key.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await api<SessionInfo>('/api/session', { method: 'POST', body: { accessId: accessId.trim(), accessKey } }));
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

  return (
    <div className="signin">
      <form className="signin-card" onSubmit={submit} aria-label="Sign in">
        <h1>mimecast-c2c</h1>
        <p className="muted">Sign in with an access id and key (create one with `mimecast-c2c access-keys create`).</p>
        <label className="field">
          <span>Access ID</span>
          <input name="accessId" autoComplete="username" value={accessId} onChange={(e) => setAccessId(e.target.value)} />
        </label>
        <label className="field">
          <span>Access Key</span>
          <input
            name="accessKey"
            type="password"
            autoComplete="current-password"
            value={accessKey}
            onChange={(e) => setAccessKey(e.target.value)}
          />
        </label>
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign In'}
        </button>
      </form>
    </div>
  );
}

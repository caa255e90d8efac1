import { useEffect, useState } from 'react';
import type { AppDetail, AppSummary } from '../../model/library.js';
import { api, errorText } from '../api.js';
import { InstallWizard } from '../components/InstallWizard.js';
import { href } from '../router.js';

const VISUAL_LABEL: Record<string, string> = {
  singleValue: 'Single value',
  line: 'Line chart',
  bar: 'Bar chart',
  pie: 'Pie chart',
  table: 'Table',
  map: 'World map',
};

export function AppCatalogPage({ uuid }: { uuid?: string }) {
  const [apps, setApps] = useState<AppSummary[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    api<{ apps: AppSummary[] }>('/api/v1/apps')
      .then((r) => setApps(r.apps))
      .catch((e) => setError(errorText(e)));
  }, []);

  if (error)
    return (
      <div className="page-error" role="alert">
        {error}
      </div>
    );
  if (!apps) return <div className="page-loading">Loading…</div>;
  if (uuid) return <AppDetailView uuid={uuid} />;
  return (
    <div>
      <div className="page-header">
        <h1>App Catalog</h1>
      </div>
      <div className="cards">
        {apps.map((app) => (
          <a key={app.uuid} className="card" href={href(`/apps/${app.uuid}`)}>
            <h2>{app.name}</h2>
            <p>{app.description}</p>
            <p className="muted">
              {app.dashboards.length} dashboards{app.monitors.length > 0 ? `, ${app.monitors.length} monitors` : ''}
            </p>
          </a>
        ))}
      </div>
    </div>
  );
}

function AppDetailView({ uuid }: { uuid: string }) {
  const [app, setApp] = useState<AppDetail | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [selected, setSelected] = useState(0);
  const [installing, setInstalling] = useState(false);
  useEffect(() => {
    api<{ appDefinition: AppDetail }>(`/api/v1/apps/${encodeURIComponent(uuid)}`)
      .then((r) => setApp(r.appDefinition))
      .catch((e) => setError(errorText(e)));
  }, [uuid]);

  if (error)
    return (
      <div className="page-error" role="alert">
        {error}
      </div>
    );
  if (!app) return <div className="page-loading">Loading…</div>;
  const dashboard = app.dashboards[selected];
  return (
    <div>
      <div className="page-header">
        <div>
          <a className="breadcrumb" href={href('/apps')}>
            ← App Catalog
          </a>
          <h1>{app.name}</h1>
          <p className="muted">{app.description}</p>
        </div>
        <div className="toolbar">
          <button type="button" className="primary" onClick={() => setInstalling(true)}>
            Install App
          </button>
        </div>
      </div>
      <div className="tabs" role="tablist">
        {app.dashboards.map((d, i) => (
          <button key={d.title} type="button" role="tab" aria-selected={i === selected} onClick={() => setSelected(i)}>
            {d.title}
          </button>
        ))}
      </div>
      {dashboard ? (
        <div className="preview">
          <p className="muted">{dashboard.description}</p>
          <div className="dashboard-grid preview-grid" data-testid="dashboard-preview">
            {dashboard.panels.map((p) => (
              <div
                key={p.title}
                className="grid-cell preview-cell"
                style={{
                  gridColumn: `${p.position.x + 1} / span ${p.position.width}`,
                  gridRow: `${p.position.y + 1} / span ${p.position.height}`,
                }}
              >
                <strong>{p.title}</strong>
                <span className="muted">{VISUAL_LABEL[p.visualisation] ?? p.visualisation}</span>
              </div>
            ))}
          </div>
        </div>
      ) : null}
      {app.monitors.length > 0 ? (
        <section className="preview" aria-label="Monitors">
          <h2>Monitors</h2>
          <p className="muted">Installed into the monitors folder Mimecast Detections; a re-install adds only the missing ones.</p>
          <ul data-testid="app-monitors">
            {app.monitors.map((m) => (
              <li key={m.name}>
                <strong>{m.name}</strong> <span className="muted">({m.dataTypes.join(', ')})</span>
                <br />
                {m.description}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {installing ? <InstallWizard app={app} onClose={() => setInstalling(false)} /> : null}
    </div>
  );
}

import { useEffect, useState } from 'react';
import { api, onUnauthorized } from './api.js';
import { AlertsPage } from './pages/AlertsPage.js';
import { AppCatalogPage } from './pages/AppCatalogPage.js';
import { CollectionPage } from './pages/CollectionPage.js';
import { ConnectionsPage } from './pages/ConnectionsPage.js';
import { DashboardPage } from './pages/DashboardPage.js';
import { HealthEventsPage } from './pages/HealthEventsPage.js';
import { LibraryPage } from './pages/LibraryPage.js';
import { LookupTablePage } from './pages/LookupTablePage.js';
import { MonitorFormPage } from './pages/MonitorFormPage.js';
import { MonitorsPage } from './pages/MonitorsPage.js';
import { NewDashboardPage } from './pages/NewDashboardPage.js';
import { PartitionsPage } from './pages/PartitionsPage.js';
import { SearchPage } from './pages/SearchPage.js';
import { SignInPage } from './pages/SignInPage.js';
import { SourceFormPage } from './pages/SourceFormPage.js';
import { href, type Route, useRoute } from './router.js';
import type { SessionInfo } from './types.js';

const NAV = [
  { path: 'collection', label: 'Collection' },
  { path: 'health', label: 'Health Events' },
  { path: 'search', label: 'Search' },
  { path: 'apps', label: 'App Catalog' },
  { path: 'library', label: 'Library' },
  { path: 'partitions', label: 'Partitions' },
  { path: 'monitors', label: 'Monitors' },
  { path: 'alerts', label: 'Alerts' },
  { path: 'connections', label: 'Connections' },
];

export function App() {
  const [session, setSession] = useState<SessionInfo | null | undefined>();
  const route = useRoute();

  useEffect(() => {
    api<SessionInfo>('/api/session')
      .then(setSession)
      // No session (401) or no server: either way the sign-in page, which reports what the server says.
      .catch(() => setSession(null));
    return onUnauthorized(() => setSession(null));
  }, []);

  if (session === undefined) return <div className="page-loading">Loading…</div>;
  if (session === null) return <SignInPage onSignedIn={setSession} />;

  const signOut = async () => {
    await api('/api/session', { method: 'DELETE' }).catch(() => undefined);
    setSession(null);
  };
  const section =
    route.path[0] === 'sources' ? 'collection' : route.path[0] === 'dashboards' || route.path[0] === 'lookups' ? 'library' : route.path[0];

  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          mimecast-c2c
          {session.demo ? (
            <span className="demo-badge" title="This server collects synthetic data from the built-in Mimecast simulator">
              Demo data
            </span>
          ) : null}
        </div>
        <ul>
          {NAV.map((n) => (
            <li key={n.path}>
              <a href={href(`/${n.path}`)} aria-current={section === n.path ? 'page' : undefined}>
                {n.label}
              </a>
            </li>
          ))}
        </ul>
        <div className="sidebar-footer">
          <span className="muted small" title={session.accessId}>
            {session.name || session.accessId}
          </span>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </nav>
      <main className="content">
        <Page route={route} />
      </main>
    </div>
  );
}

function Page({ route }: { route: Route }) {
  const [first, second, third] = route.path;
  switch (first) {
    case 'health':
      return <HealthEventsPage />;
    case 'search':
      return <SearchPage key={route.params.toString()} params={route.params} />;
    case 'apps':
      return <AppCatalogPage uuid={second} />;
    case 'library':
      return <LibraryPage folderId={second} />;
    case 'partitions':
      return <PartitionsPage />;
    case 'lookups':
      return second ? <LookupTablePage key={second} id={second} /> : <LibraryPage />;
    case 'monitors':
      if (second === 'new') {
        return (
          <MonitorFormPage
            key={route.params.toString()}
            query={route.params.get('q') ?? ''}
            parentId={route.params.get('parent') ?? undefined}
          />
        );
      }
      return second ? <MonitorFormPage key={second} id={second} /> : <MonitorsPage />;
    case 'alerts':
      return (
        <AlertsPage key={`${second}-${route.params.get('monitor')}`} focus={second} monitorId={route.params.get('monitor') ?? undefined} />
      );
    case 'connections':
      return <ConnectionsPage />;
    case 'dashboards':
      if (second === 'new') return <NewDashboardPage folderId={route.params.get('folderId') ?? ''} />;
      return second ? <DashboardPage id={second} startEditing={route.params.get('edit') === '1'} /> : <LibraryPage />;
    case 'sources':
      if (second === 'new') return <SourceFormPage collectorId={route.params.get('collector') ?? ''} />;
      return <SourceFormPage key={third} collectorId={second} sourceId={third} />;
    default:
      return <CollectionPage />;
  }
}

import { useState } from 'react';
import { errorText } from '../api.js';
import { PageError } from '../components/PageError.js';
import { dashboardBody, emptyDashboard } from '../dashboard-model.js';
import { createDashboard } from '../dashboards.js';
import { href, navigate } from '../router.js';

/** `#/dashboards/new?folderId=…`: a new, empty dashboard in a library folder, opened in the editor. */
export function NewDashboardPage({ folderId }: { folderId: string }) {
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const create = () => {
    if (title.trim() === '') return setError('Title: must not be empty');
    setBusy(true);
    createDashboard({ ...dashboardBody(emptyDashboard(title, folderId)), description })
      .then(({ dashboard }) => navigate(`/dashboards/${dashboard.id}`, { edit: '1' }))
      .catch((e) => {
        setError(errorText(e));
        setBusy(false);
      });
  };
  return (
    <div>
      <div className="page-header">
        <div>
          <a className="breadcrumb" href={href(`/library/${folderId}`)}>
            ← Library
          </a>
          <h1>New dashboard</h1>
        </div>
      </div>
      <form
        className="form new-dashboard"
        onSubmit={(e) => {
          e.preventDefault();
          create();
        }}
      >
        <PageError message={error} />
        <label>
          <span>Title</span>
          <input name="title" value={title} maxLength={255} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <label>
          <span>Description</span>
          <input name="description" value={description} maxLength={1024} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            Create dashboard
          </button>
        </div>
      </form>
    </div>
  );
}

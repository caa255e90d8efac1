import { useCallback, useEffect, useState } from 'react';
import { ValidationError } from '../../core/errors.js';
import type { CollectorView, SourceView } from '../../model/api-views.js';
import type { AppDetail, FolderView } from '../../model/library.js';
import { checkScopeShape } from '../../model/scope.js';
import { ApiError, api, errorText } from '../api.js';
import { navigate } from '../router.js';
import { runSearch } from '../search.js';
import { Modal, ModalActions } from './Modal.js';
import { NewFolderDialog } from './NewFolderDialog.js';

type Errors = Partial<Record<'logsrc' | 'name' | 'folder' | 'embargoed' | 'form', string>>;

/** `ir, kp sy` → ["IR", "KP", "SY"]: the server checks each code. */
function countryCodes(text: string): string[] {
  return [
    ...new Set(
      text
        .toUpperCase()
        .split(/[\s,;]+/)
        .filter(Boolean),
    ),
  ];
}

/** For the Data Source list: the categories of the configured sources and those of the last week's messages. */
async function sourceCategories(): Promise<string[]> {
  const { collectors } = await api<{ collectors: CollectorView[] }>('/api/v1/collectors');
  const lists = await Promise.all(
    collectors.map((c) => api<{ sources: SourceView[] }>(`/api/v1/collectors/${encodeURIComponent(c.id)}/sources`).then((r) => r.sources)),
  );
  const now = Date.now();
  const seen = await runSearch({ query: '* | count by _sourceCategory', from: now - 7 * 86_400_000, to: now, limit: 200 })
    .then((r) => r.records.map((row) => row._sourcecategory ?? ''))
    // The configured sources alone still make a usable list.
    .catch(() => []);
  const categories = [...lists.flat().map((s) => s.config.category ?? ''), ...seen];
  return [...new Set(categories.filter(Boolean))].sort();
}

/** A category as a scope: quoted unless it is one plain word, so spaces or symbols cannot change its meaning. */
function categoryScope(category: string): string {
  return /^[\w/*.-]+$/.test(category) ? `_sourceCategory=${category}` : `_sourceCategory="${category.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export function InstallWizard({ app, onClose }: { app: AppDetail; onClose: () => void }) {
  const [mode, setMode] = useState<'category' | 'custom'>('category');
  const [categories, setCategories] = useState<string[] | undefined>();
  const [category, setCategory] = useState('');
  const [custom, setCustom] = useState('');
  const [name, setName] = useState(app.name);
  const [folder, setFolder] = useState<FolderView | undefined>();
  const [newFolder, setNewFolder] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [embargoed, setEmbargoed] = useState(app.defaultEmbargoedCountries.join(', '));

  useEffect(() => {
    sourceCategories()
      .then((list) => {
        setCategories(list);
        if (list.length) setCategory(list[0]);
        else setMode('custom');
      })
      .catch(() => setCategories([]));
  }, []);

  const openFolder = useCallback((id?: string) => {
    api<FolderView>(id ? `/api/v2/content/folders/${encodeURIComponent(id)}` : '/api/v2/content/folders/personal')
      .then(setFolder)
      .catch((e) => setErrors((prev) => ({ ...prev, folder: errorText(e) })));
  }, []);
  useEffect(() => openFolder(), [openFolder]);

  const install = async () => {
    const found: Errors = {};
    const logsrc = mode === 'category' ? (category ? categoryScope(category) : '') : custom;
    try {
      checkScopeShape(logsrc);
    } catch (e) {
      found.logsrc = e instanceof ValidationError ? e.rule : String(e);
    }
    if (mode === 'category' && !category) found.logsrc = 'choose a source category';
    if (name.trim() === '') found.name = 'is required';
    if (!folder) found.folder = 'choose a folder';
    setErrors(found);
    if (Object.keys(found).length || !folder) return;
    setBusy(true);
    try {
      const result = await api<{ folderId?: string }>(`/api/v1/apps/${encodeURIComponent(app.uuid)}/install`, {
        method: 'POST',
        body: {
          name: name.trim(),
          description: app.description,
          destinationFolderId: folder.id,
          dataSourceValues: { logsrc },
          ...(app.monitors.length > 0 ? { embargoedCountries: countryCodes(embargoed) } : {}),
        },
      });
      // The detection pack alone has no dashboards: its monitors are in the monitors library.
      navigate(result.folderId === undefined ? '/monitors' : `/library/${result.folderId}`);
    } catch (e) {
      const field = e instanceof ApiError ? e.field : undefined;
      const message = e instanceof ApiError && field ? e.rule : errorText(e);
      if (field === 'dataSourceValues.logsrc') setErrors({ logsrc: message });
      else if (field === 'name') setErrors({ name: message });
      else if (field === 'destinationFolderId') setErrors({ folder: message });
      else if (field?.startsWith('embargoedCountries')) setErrors({ embargoed: message });
      else setErrors({ form: errorText(e) });
      setBusy(false);
    }
  };

  return (
    <Modal
      title={`Install ${app.name}`}
      onClose={onClose}
      wide
      footer={<ModalActions onCancel={onClose} actionLabel={busy ? 'Installing…' : 'Install'} onAction={install} busy={busy} />}
    >
      <fieldset className="field">
        <legend>Data Source</legend>
        <label className="radio">
          <input type="radio" name="dsmode" checked={mode === 'category'} onChange={() => setMode('category')} />
          Source Category
        </label>
        {mode === 'category' ? (
          categories === undefined ? (
            <span className="muted">Loading categories…</span>
          ) : categories.length ? (
            <select aria-label="Source Category" value={category} onChange={(e) => setCategory(e.target.value)}>
              {categories.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          ) : (
            <span className="muted">No source has a category yet: use a custom filter.</span>
          )
        ) : null}
        <label className="radio">
          <input type="radio" name="dsmode" checked={mode === 'custom'} onChange={() => setMode('custom')} />
          Enter a Custom Data Filter
        </label>
        {mode === 'custom' ? (
          <input
            aria-label="Custom Data Filter"
            name="logsrc"
            value={custom}
            placeholder='_sourceCategory=mimecast/* OR _source="Mimecast EU"'
            onChange={(e) => setCustom(e.target.value)}
          />
        ) : null}
        {errors.logsrc ? (
          <p className="field-error" role="alert">
            {errors.logsrc}
          </p>
        ) : null}
      </fieldset>
      {app.monitors.length > 0 ? (
        <label className="field">
          <span>Embargoed countries (for the geo monitors; ISO codes)</span>
          <input name="embargoedCountries" value={embargoed} onChange={(e) => setEmbargoed(e.target.value)} />
          {errors.embargoed ? (
            <span className="field-error" role="alert">
              {errors.embargoed}
            </span>
          ) : null}
        </label>
      ) : null}
      <label className="field">
        <span>Folder Name</span>
        <input name="folderName" value={name} maxLength={255} onChange={(e) => setName(e.target.value)} />
        {errors.name ? (
          <span className="field-error" role="alert">
            {errors.name}
          </span>
        ) : null}
      </label>
      <div className="field">
        <span>Location in Library</span>
        <div className="folder-picker" data-testid="folder-picker">
          {folder ? (
            <>
              <div className="folder-picker-current">
                {folder.parentId ? (
                  <button type="button" className="link" onClick={() => openFolder(folder.parentId ?? undefined)}>
                    ← Up
                  </button>
                ) : null}
                <span className="muted">Install into</span>
                <strong data-testid="install-folder">{folder.name}</strong>
                <button type="button" onClick={() => setNewFolder(true)}>
                  New Folder
                </button>
              </div>
              <ul>
                {folder.children
                  .filter((c) => c.itemType === 'Folder')
                  .map((c) => (
                    <li key={c.id}>
                      <button type="button" className="link" onClick={() => openFolder(c.id)}>
                        📁 {c.name}
                      </button>
                    </li>
                  ))}
              </ul>
            </>
          ) : (
            <span className="muted">Loading…</span>
          )}
        </div>
        {errors.folder ? (
          <span className="field-error" role="alert">
            {errors.folder}
          </span>
        ) : null}
      </div>
      {errors.form ? (
        <p className="field-error" role="alert">
          {errors.form}
        </p>
      ) : null}
      {newFolder && folder ? (
        <NewFolderDialog
          parentId={folder.id}
          onClose={() => setNewFolder(false)}
          onCreated={(created) => {
            setNewFolder(false);
            openFolder(created.id);
          }}
        />
      ) : null}
    </Modal>
  );
}

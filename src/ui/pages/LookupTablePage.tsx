import { useCallback, useEffect, useState } from 'react';
import type { LookupTable } from '../../model/lookup-table.js';
import { api, errorText } from '../api.js';
import { DataTable } from '../components/DataTable.js';
import { PageError } from '../components/PageError.js';
import { href, navigate } from '../router.js';

/** One lookup table: its definition, its first rows, a CSV upload (merged or replacing) and delete. */
export function LookupTablePage({ id }: { id: string }) {
  const [table, setTable] = useState<LookupTable | undefined>();
  const [rows, setRows] = useState<{ rows: Record<string, string>[]; total: number } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [file, setFile] = useState<File | undefined>();
  const [merge, setMerge] = useState(true);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const path = `/api/v1/lookupTables/${encodeURIComponent(id)}`;
      setTable(await api<LookupTable>(path));
      setRows(await api(`${path}/rows?limit=100`));
    } catch (e) {
      setError(errorText(e));
    }
  }, [id]);
  useEffect(() => {
    load();
  }, [load]);

  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setError(undefined);
    try {
      const form = new FormData();
      form.append('file', file);
      await api(`/api/v1/lookupTables/${encodeURIComponent(id)}/upload?merge=${merge}`, { method: 'POST', body: form });
      setFile(undefined);
      await load();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!table || !window.confirm(`Delete the lookup table ${table.name} and its rows?`)) return;
    try {
      await api(`/api/v1/lookupTables/${encodeURIComponent(id)}`, { method: 'DELETE' });
      navigate(`/library/${table.parentFolderId}`);
    } catch (e) {
      setError(errorText(e));
    }
  };

  if (!table) return error ? <PageError message={error} /> : <div className="page-loading">Loading…</div>;
  return (
    <div>
      <div className="page-header">
        <div>
          <a className="breadcrumb" href={href(`/library/${table.parentFolderId}`)}>
            ← Up
          </a>
          <h1>{table.name}</h1>
          <p className="muted">
            <code>{`lookup … from path://"${table.contentPath}" on ${table.primaryKeys.map((k) => `${k}=…`).join(', ')}`}</code>
          </p>
        </div>
        <div className="toolbar">
          <button type="button" onClick={remove}>
            Delete
          </button>
        </div>
      </div>
      <PageError message={error} />
      <p>
        Fields:{' '}
        {table.fields.map((f) => `${f.fieldName} (${f.fieldType}${table.primaryKeys.includes(f.fieldName) ? ', key' : ''})`).join(', ')}
      </p>
      <div className="toolbar">
        <label className="field">
          <span>CSV file (a header row naming every field)</span>
          <input type="file" name="lookupCsv" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0])} />
        </label>
        <label>
          <input type="checkbox" name="lookupMerge" checked={merge} onChange={(e) => setMerge(e.target.checked)} /> Merge with the rows
          there
        </label>
        <button type="button" className="primary" disabled={!file || busy} onClick={upload}>
          Upload
        </button>
      </div>
      {rows ? (
        <>
          <p className="muted">
            {rows.total} rows{rows.total > rows.rows.length ? `, the first ${rows.rows.length} shown` : ''}
          </p>
          <DataTable columns={table.fields.map((f) => f.fieldName)} rows={rows.rows} label="Lookup table rows" />
        </>
      ) : null}
    </div>
  );
}

import type { ContentChild } from '../../model/library.js';
import { href } from '../router.js';

export type ItemAction = 'rename' | 'move' | 'copy' | 'export' | 'delete';

const ACTIONS: { action: ItemAction; label: string }[] = [
  { action: 'rename', label: 'Rename' },
  { action: 'move', label: 'Move' },
  { action: 'copy', label: 'Copy' },
  { action: 'export', label: 'Export' },
  { action: 'delete', label: 'Delete' },
];

const ICONS: Record<ContentChild['itemType'], string> = { Folder: '📁', Dashboard: '📊', Search: '🔍', Lookups: '📋' };

/** Where an item opens: a folder in the library, a dashboard, a saved search in the Search page, a lookup table's page. */
function linkOf(item: ContentChild): string | undefined {
  switch (item.itemType) {
    case 'Folder':
      return href(`/library/${item.id}`);
    case 'Dashboard':
      return href(`/dashboards/${item.id}`);
    case 'Search':
      return href('/search', { saved: item.id });
    case 'Lookups':
      return href(`/lookups/${item.id}`);
  }
}

/** One library item: its link (names and descriptions are text, whatever they hold) and its actions. */
export function ContentItemRow({ item, onAction }: { item: ContentChild; onAction: (action: ItemAction, item: ContentChild) => void }) {
  const link = linkOf(item);
  const label = (
    <>
      <span className="item-icon" aria-hidden="true">
        {ICONS[item.itemType]}
      </span>
      <span className="item-name">{item.name}</span>
    </>
  );
  return (
    <li data-item-type={item.itemType}>
      {link ? <a href={link}>{label}</a> : <span>{label}</span>}
      {item.description ? <span className="muted"> — {item.description}</span> : null}
      <span className="item-actions">
        {ACTIONS.map((a) => (
          <button
            key={a.action}
            type="button"
            className="link-button"
            aria-label={`${a.label} ${item.name}`}
            onClick={() => onAction(a.action, item)}
          >
            {a.label}
          </button>
        ))}
      </span>
    </li>
  );
}

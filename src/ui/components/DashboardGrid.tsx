import { type KeyboardEvent, type PointerEvent, type ReactNode, useRef, useState } from 'react';
import { type DashboardDocument, type DashboardPanel, GRID_COLUMNS, type GridPosition } from '../../model/dashboard.js';
import { moved, placeOf, resized } from '../dashboard-model.js';

/** The grid's row height and gap in pixels (styles.css `.dashboard-grid`): one grid unit down is their sum. */
const ROW_PX = 36;
const GAP_PX = 10;

type Gesture = { key: string; mode: 'move' | 'resize'; startX: number; startY: number; from: GridPosition };

/**
 * The panels on Sumo's 24-column grid. While editing, each panel has a move handle and a resize corner:
 * drag them (whole grid cells at a time) or use the arrow keys on them; `onPlace` gets the new place.
 */
export function DashboardGrid(props: {
  dashboard: DashboardDocument;
  editing: boolean;
  onPlace: (key: string, place: GridPosition) => void;
  renderPanel: (panel: DashboardPanel, handles: ReactNode) => ReactNode;
}) {
  const grid = useRef<HTMLDivElement>(null);
  const [gesture, setGesture] = useState<Gesture | undefined>();
  const [preview, setPreview] = useState<{ key: string; place: GridPosition } | undefined>();

  const cells = (e: PointerEvent, g: Gesture) => {
    const width = grid.current?.clientWidth ?? 1200;
    const column = (width + GAP_PX) / GRID_COLUMNS;
    return { dx: Math.round((e.clientX - g.startX) / column), dy: Math.round((e.clientY - g.startY) / (ROW_PX + GAP_PX)) };
  };
  const placed = (g: Gesture, dx: number, dy: number) => (g.mode === 'move' ? moved(g.from, dx, dy) : resized(g.from, dx, dy));

  const handle = (key: string, mode: Gesture['mode'], label: string, text: string) => ({
    className: `grid-handle grid-${mode}`,
    'aria-label': label,
    title: `${label}: drag, or use the arrow keys`,
    children: text,
    onPointerDown: (e: PointerEvent<HTMLButtonElement>) => {
      e.preventDefault();
      e.currentTarget.setPointerCapture(e.pointerId);
      setGesture({ key, mode, startX: e.clientX, startY: e.clientY, from: placeOf(props.dashboard, key) });
    },
    onPointerMove: (e: PointerEvent<HTMLButtonElement>) => {
      if (gesture?.key !== key) return;
      const { dx, dy } = cells(e, gesture);
      setPreview({ key, place: placed(gesture, dx, dy) });
    },
    onPointerUp: (e: PointerEvent<HTMLButtonElement>) => {
      if (gesture?.key !== key) return;
      const { dx, dy } = cells(e, gesture);
      setGesture(undefined);
      setPreview(undefined);
      if (dx !== 0 || dy !== 0) props.onPlace(key, placed(gesture, dx, dy));
    },
    onKeyDown: (e: KeyboardEvent<HTMLButtonElement>) => {
      const step = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[e.key];
      if (!step) return;
      e.preventDefault();
      const from = placeOf(props.dashboard, key);
      props.onPlace(key, mode === 'move' ? moved(from, step[0], step[1]) : resized(from, step[0], step[1]));
    },
  });

  return (
    <div className={`dashboard-grid${props.editing ? ' editing' : ''}`} ref={grid}>
      {props.dashboard.panels.map((panel) => {
        const p = preview?.key === panel.key ? preview.place : placeOf(props.dashboard, panel.key);
        const handles = props.editing ? <button type="button" {...handle(panel.key, 'move', `Move ${panel.title}`, '✥')} /> : null;
        return (
          <div
            key={panel.key}
            className="grid-cell"
            data-panel-key={panel.key}
            data-place={`${p.x},${p.y},${p.width},${p.height}`}
            style={{ gridColumn: `${p.x + 1} / span ${p.width}`, gridRow: `${p.y + 1} / span ${p.height}` }}
          >
            {props.renderPanel(panel, handles)}
            {props.editing ? <button type="button" {...handle(panel.key, 'resize', `Resize ${panel.title}`, '◢')} /> : null}
          </div>
        );
      })}
    </div>
  );
}

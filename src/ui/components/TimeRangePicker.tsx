import { useState } from 'react';
import { PRESETS, type TimeRange } from '../time.js';

/** Presets plus free text (`-3h`, an ISO date) for both ends. */
export function TimeRangePicker(props: { value: TimeRange; onChange: (range: TimeRange) => void }) {
  const preset = PRESETS.find((p) => p.from === props.value.from && props.value.to === 'now');
  const [custom, setCustom] = useState(!preset);
  return (
    <span className="time-range">
      <select
        aria-label="Time range"
        value={custom ? 'custom' : props.value.from}
        onChange={(e) => {
          if (e.target.value === 'custom') setCustom(true);
          else {
            setCustom(false);
            props.onChange({ from: e.target.value, to: 'now' });
          }
        }}
      >
        {PRESETS.map((p) => (
          <option key={p.from} value={p.from}>
            {p.label}
          </option>
        ))}
        <option value="custom">Custom…</option>
      </select>
      {custom ? (
        <>
          <input
            aria-label="From"
            value={props.value.from}
            onChange={(e) => props.onChange({ ...props.value, from: e.target.value })}
            size={18}
          />
          <span>to</span>
          <input
            aria-label="To"
            value={props.value.to}
            onChange={(e) => props.onChange({ ...props.value, to: e.target.value })}
            size={18}
          />
        </>
      ) : null}
    </span>
  );
}

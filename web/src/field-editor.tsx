import { useState } from 'preact/hooks';
import { api, type Incident } from './api.ts';
import { EVENT_TYPES } from './filters.ts';

type Run = (work: () => Promise<string | undefined>) => Promise<void>;

/** Edits (or confirms, when left unchanged) the type, the dates, or the killed range. */
export function FieldEditor({
  incident,
  reason,
  run,
  busy,
}: {
  incident: Incident;
  reason: string;
  run: Run;
  busy: boolean;
}) {
  const [field, setField] = useState<'type' | 'date' | 'killed'>('type');
  const [type, setType] = useState(incident.type);
  const [start, setStart] = useState(incident.date?.start ?? '');
  const [end, setEnd] = useState(incident.date?.end ?? '');
  const killed = incident.casualties.killed;
  const [min, setMin] = useState(String(killed?.min ?? ''));
  const [max, setMax] = useState(killed?.max === null ? '' : String(killed?.max ?? ''));
  const save = () =>
    run(async () => {
      const base = { reason, expectedVersion: incident.version };
      if (field === 'type') {
        await api.setField(incident.id, { ...base, field: 'type', value: type });
        return type === incident.type ? 'type confirmed' : `type set to ${type}`;
      }
      if (field === 'date') {
        const days = (Date.parse(end) - Date.parse(start)) / 86_400_000 + 1;
        const precision = days <= 1 ? 1 : days <= 6 ? 2 : days <= 8 ? 3 : days <= 31 ? 4 : 5;
        await api.setField(incident.id, {
          ...base,
          field: 'date',
          value: { start, end, precision, text: 'set by analyst' },
        });
        return `dates set to ${start} – ${end}`;
      }
      const range = {
        min: Number(min),
        max: max === '' ? null : Number(max),
        text: `${min}${max ? `–${max}` : '+'} (analyst)`,
      };
      await api.setField(incident.id, {
        ...base,
        field: 'casualties',
        value: { ...incident.casualties, killed: range },
      });
      return `killed set to ${range.min}–${range.max ?? ''}`;
    });
  return (
    <div class="row" data-testid="field-editor">
      <select
        value={field}
        onChange={(e) => setField(e.currentTarget.value as typeof field)}
        aria-label="field"
      >
        <option value="type">type</option>
        <option value="date">dates</option>
        <option value="killed">killed range</option>
      </select>
      {field === 'type' && (
        <select value={type} onChange={(e) => setType(e.currentTarget.value)} aria-label="type">
          {EVENT_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      )}
      {field === 'date' && (
        <>
          <input
            type="date"
            value={start}
            onChange={(e) => setStart(e.currentTarget.value)}
            aria-label="first day"
          />
          <input
            type="date"
            value={end}
            onChange={(e) => setEnd(e.currentTarget.value)}
            aria-label="last day"
          />
        </>
      )}
      {field === 'killed' && (
        <>
          <input
            type="number"
            min={0}
            value={min}
            onInput={(e) => setMin(e.currentTarget.value)}
            placeholder="at least"
            aria-label="at least"
          />
          <input
            type="number"
            min={0}
            value={max}
            onInput={(e) => setMax(e.currentTarget.value)}
            placeholder="at most (blank: open)"
            aria-label="at most"
          />
        </>
      )}
      <button type="button" disabled={busy} onClick={save}>
        Save (or confirm) {field}
      </button>
    </div>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { api } from './api.ts';
import { EVENT_TYPES, type Filters, GRADES } from './filters.ts';

/** Date, type, grade, source, origin and text filters; every change goes to the URL. */
export function FilterBar({
  filters,
  onChange,
  canSeeSources,
}: {
  filters: Filters;
  onChange(f: Filters): void;
  canSeeSources: boolean;
}) {
  const [sources, setSources] = useState<{ name: string; originGroup: string }[]>([]);
  const [text, setText] = useState(filters.q ?? '');
  useEffect(() => {
    if (canSeeSources)
      api.sources().then(
        (s) => setSources(s.items),
        () => setSources([]),
      );
  }, [canSeeSources]);
  useEffect(() => setText(filters.q ?? ''), [filters.q]);
  const set = (key: keyof Filters, value: string) => onChange({ ...filters, [key]: value || undefined });
  const origins = [...new Set(sources.map((s) => s.originGroup))].sort();
  return (
    <form
      class="filters"
      data-testid="filters"
      onSubmit={(e) => {
        e.preventDefault();
        set('q', text.trim());
      }}
    >
      <label>
        from{' '}
        <input
          type="date"
          name="from"
          value={filters.from ?? ''}
          onChange={(e) => set('from', e.currentTarget.value)}
        />
      </label>
      <label>
        to{' '}
        <input
          type="date"
          name="to"
          value={filters.to ?? ''}
          onChange={(e) => set('to', e.currentTarget.value)}
        />
      </label>
      <select name="type" value={filters.type ?? ''} onChange={(e) => set('type', e.currentTarget.value)}>
        <option value="">any type</option>
        {EVENT_TYPES.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
      <select name="grade" value={filters.grade ?? ''} onChange={(e) => set('grade', e.currentTarget.value)}>
        <option value="">any grade</option>
        {GRADES.map((g) => (
          <option key={g} value={g}>
            {g}
          </option>
        ))}
      </select>
      {canSeeSources && (
        <>
          <select
            name="source"
            value={filters.source ?? ''}
            onChange={(e) => set('source', e.currentTarget.value)}
          >
            <option value="">any source</option>
            {sources.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
              </option>
            ))}
          </select>
          <select
            name="origin"
            value={filters.origin ?? ''}
            onChange={(e) => set('origin', e.currentTarget.value)}
          >
            <option value="">any origin</option>
            {origins.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
          <input
            type="search"
            name="q"
            placeholder="words in the reports"
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
          <button type="submit">search</button>
        </>
      )}
      {Object.keys(filters).length > 0 && (
        <button type="button" class="link" onClick={() => onChange({})}>
          clear filters
        </button>
      )}
    </form>
  );
}

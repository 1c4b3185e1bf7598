import { useEffect, useState } from 'preact/hooks';
import { api, type DayCount, type Flow, type Incident, type Session } from './api.ts';
import { FilterBar } from './filter-bar.tsx';
import { type Filters, readFilters, TYPE_COLORS, toQuery } from './filters.ts';
import { navigate } from './main.tsx';
import { MapView } from './map-view.tsx';
import { Timeline } from './timeline.tsx';

type Points = GeoJSON.FeatureCollection & { total: number; truncated: boolean };

/** The map, the incident list and the timeline, all driven by the filters in the URL. */
export function MapPage({ session, search }: { session: Session; search: string }) {
  const filters = readFilters(search);
  const query = toQuery(filters);
  const [points, setPoints] = useState<Points | null>(null);
  const [days, setDays] = useState<DayCount[]>([]);
  const [list, setList] = useState<{ items: Incident[]; total: number } | null>(null);
  const [conditions, setConditions] = useState<{ conditions: Incident[]; displacement: Flow[] }>({
    conditions: [],
    displacement: [],
  });
  const [layers, setLayers] = useState({ conditions: true, flows: true });
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    sessionStorage.setItem('vigil-filters', query ? `?${query}` : '');
    let live = true;
    const { from: _f, to: _t, ...undated } = filters;
    setError(null);
    Promise.all([
      api.map(query),
      api.timeline(toQuery(undated)),
      api.incidents(toQuery(filters, { limit: '200' })),
    ]).then(
      ([p, t, l]) => {
        if (!live) return;
        setPoints(p);
        setDays(t.days);
        setList(l);
      },
      (e: Error) => live && setError(e.message),
    );
    // Conditions and flows come on their own: reading flows may take the gazetteer a moment.
    api.conditions(query).then(
      (c) => live && setConditions(c),
      () => live && setConditions({ conditions: [], displacement: [] }),
    );
    return () => {
      live = false;
    };
  }, [query]);

  const setFilters = (next: Filters) => {
    const q = toQuery(next);
    navigate(`/${q ? `?${q}` : ''}`);
  };
  const open = (id: string) => navigate(`/incidents/${encodeURIComponent(id)}`);

  return (
    <div class="map-page">
      <FilterBar filters={filters} onChange={setFilters} canSeeSources={session.role !== 'public'} />
      {error && <p class="error">{error}</p>}
      <div class="map-and-list">
        <div class="map-wrap">
          <MapView
            points={points}
            conditions={conditions.conditions}
            flows={conditions.displacement}
            showConditions={layers.conditions}
            showFlows={layers.flows}
            onOpen={open}
          />
          <div class="map-legend" data-testid="map-legend">
            <strong data-testid="map-count">
              {points ? `${points.total} incident(s) on the map` : 'loading…'}
              {points?.truncated ? ' (first 50,000 drawn)' : ''}
            </strong>
            <label>
              <input
                type="checkbox"
                checked={layers.conditions}
                onChange={(e) => setLayers({ ...layers, conditions: e.currentTarget.checked })}
              />{' '}
              humanitarian conditions ({conditions.conditions.length})
            </label>
            <label>
              <input
                type="checkbox"
                checked={layers.flows}
                onChange={(e) => setLayers({ ...layers, flows: e.currentTarget.checked })}
              />{' '}
              displacement arrows ({conditions.displacement.length})
            </label>
            <details>
              <summary>colours</summary>
              {Object.entries(TYPE_COLORS).map(([t, c]) => (
                <div key={t}>
                  <i class="swatch" style={{ background: c }} /> {t}
                </div>
              ))}
              <div>Inner dot: lowest killed figure; halo: highest.</div>
            </details>
          </div>
        </div>
        <aside class="incident-list" data-testid="incident-list">
          <h2>{list ? `${list.total} incident(s)` : 'Incidents'}</h2>
          <ol>
            {list?.items.map((i) => (
              <li key={i.id}>
                <a
                  href={`/incidents/${encodeURIComponent(i.id)}`}
                  data-testid="incident-link"
                  data-incident-id={i.id}
                  onClick={(e) => {
                    e.preventDefault();
                    open(i.id);
                  }}
                >
                  <span class={`grade grade-${i.grade}`}>{i.grade}</span> {i.subType ?? i.type}
                </a>
                <div class="meta">
                  {i.date
                    ? i.date.start === i.date.end
                      ? i.date.start
                      : `${i.date.start} – ${i.date.end}`
                    : 'undated'}
                  {' · '}
                  {i.place?.name ?? 'no place'}
                  {i.casualties.killed ? ` · killed ${i.casualties.killed.text}` : ''}
                </div>
              </li>
            ))}
          </ol>
        </aside>
      </div>
      <Timeline
        days={days}
        from={filters.from}
        to={filters.to}
        onRange={(from, to) => setFilters({ ...filters, from, to })}
        onClear={() => setFilters({ ...filters, from: undefined, to: undefined })}
      />
    </div>
  );
}

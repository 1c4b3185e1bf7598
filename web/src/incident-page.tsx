import { useEffect, useState } from 'preact/hooks';
import { api, type Claim, type IncidentDetail, type Range, type Session } from './api.ts';
import { EvidencePanel } from './evidence-panel.tsx';
import { GRADE_COLORS } from './filters.ts';
import { segments } from './highlight.ts';
import { navigate } from './main.tsx';
import { ReviewPanel } from './review-panel.tsx';

const range = (r: Range) =>
  r.max === null ? `${r.min}+` : r.min === r.max ? `${r.min}` : `${r.min}–${r.max}`;
const PRECISION = [
  '',
  'exact place',
  'within ~25 km',
  'district',
  'province',
  'larger area',
  'country',
  'waters/airspace',
];
const DATE_PRECISION = ['', 'day', '2–6 days', 'week', 'month', 'year'];

function ClaimCard({ claim, origin }: { claim: Claim; origin?: string }) {
  return (
    <div class="claim" id={`claim-${claim.id}`} data-testid="claim">
      <div>
        <span class={`stance stance-${claim.attribution.stance}`}>{claim.attribution.stance}</span>{' '}
        <strong>{claim.attribution.source ?? 'unnamed source'}</strong>
        {claim.attribution.modality ? ' (hedged)' : ''}
        {origin && origin !== claim.attribution.source ? <span class="meta"> · origin: {origin}</span> : null}
      </div>
      <blockquote>{claim.quote}</blockquote>
      <div class="meta">
        {claim.subType ?? claim.type}
        {claim.place ? ` · ${claim.place.name}` : ''}
        {claim.date
          ? ` · ${claim.date.start}${claim.date.end !== claim.date.start ? ` – ${claim.date.end}` : ''}`
          : ''}
      </div>
    </div>
  );
}

/** One incident: what happened, why it has its grade, and every sentence it rests on. */
export function IncidentPage({ id, session }: { id: string; session: Session }) {
  const [detail, setDetail] = useState<IncidentDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const load = () =>
    api.incident(id).then(
      (d) => {
        setDetail(d);
        setPicked(new Set());
      },
      (e: Error) => setError(e.message),
    );
  useEffect(() => {
    load();
  }, [id]);
  if (error) return <p class="error">{error}</p>;
  if (!detail) return <p class="loading">Loading…</p>;
  const { incident, claims, reports } = detail;
  const originOf = new Map(detail.origins.map((o) => [o.claimId, o.label]));
  const reviewer = session.actions.includes('review');

  return (
    <article class="incident" data-testid="incident-page" data-version={incident.version}>
      <p>
        <a
          href="/"
          onClick={(e) => {
            e.preventDefault();
            navigate(`/${sessionStorage.getItem('vigil-filters') ?? ''}`);
          }}
        >
          ← back to the map
        </a>
      </p>
      <h1>
        {incident.subType ?? incident.type} <small>{incident.type}</small>
      </h1>
      <p class="facts">
        <span class="grade-badge" style={{ background: GRADE_COLORS[incident.grade] }} data-testid="grade">
          {incident.grade}
        </span>{' '}
        <span data-testid="grade-reason">{incident.gradeReason}</span>
      </p>
      <dl class="facts-grid">
        <dt>Where</dt>
        <dd>
          {incident.place
            ? `${incident.place.name}${incident.place.admin1 ? `, ${incident.place.admin1}` : ''} (${PRECISION[incident.place.wherePrec] ?? ''})`
            : 'unknown'}
        </dd>
        <dt>When</dt>
        <dd>
          {incident.date
            ? `${incident.date.start}${incident.date.end !== incident.date.start ? ` – ${incident.date.end}` : ''} (${DATE_PRECISION[incident.date.precision] ?? ''}${incident.date.inferred ? ', inferred' : ''})`
            : 'unknown'}
        </dd>
        <dt>Independent origins</dt>
        <dd>{incident.independence}</dd>
        <dt>Record</dt>
        <dd>
          {incident.id} · version {incident.version} · {incident.published ? 'published' : 'not published'}
        </dd>
      </dl>

      <section>
        <h2>Casualties</h2>
        {Object.values(incident.casualties).every((r) => r === null) ? (
          <p class="meta">No casualty figures.</p>
        ) : (
          <table class="casualties" data-testid="casualties">
            <thead>
              <tr>
                <th>kind</th>
                <th>range</th>
                <th>where each figure came from</th>
              </tr>
            </thead>
            <tbody>
              {(['killed', 'injured', 'abducted', 'displaced'] as const).map((k) => {
                const r = incident.casualties[k];
                if (!r) return null;
                return (
                  <tr key={k}>
                    <td>{k}</td>
                    <td>
                      {range(r)} <span class="meta">“{r.text}”</span>
                    </td>
                    <td>
                      {detail.casualtySources
                        .filter((s) => s.kind === k)
                        .map((s) => (
                          <div key={s.claimId}>
                            <a href={`#claim-${s.claimId}`}>{s.source ?? 'unnamed'}</a>: {range(s.range)} (“
                            {s.range.text}”)
                          </div>
                        ))}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>

      {detail.contradictions.length > 0 && (
        <section data-testid="contradictions">
          <h2>Contradictions</h2>
          {detail.contradictions.map((c) => (
            <div key={c.id} class="contradiction">
              <p>
                <strong>{c.kind}</strong>: {c.summary}
              </p>
              <div class="sides">
                <div>
                  <h3>One side</h3>
                  {c.sideA.map((cl) => (
                    <ClaimCard key={cl.id} claim={cl} />
                  ))}
                </div>
                <div>
                  <h3>The other side</h3>
                  {c.sideB.map((cl) => (
                    <ClaimCard key={cl.id} claim={cl} />
                  ))}
                </div>
              </div>
            </div>
          ))}
        </section>
      )}

      <section>
        <h2>Claims ({claims.length})</h2>
        {claims.map((c) => (
          <div key={c.id} class="claim-row">
            <ClaimCard claim={c} origin={originOf.get(c.id)} />
            {reviewer && claims.length > 1 && (
              <div class="claim-actions">
                <label>
                  <input
                    type="checkbox"
                    data-testid="split-pick"
                    checked={picked.has(c.id)}
                    onChange={(e) => {
                      const next = new Set(picked);
                      if (e.currentTarget.checked) next.add(c.id);
                      else next.delete(c.id);
                      setPicked(next);
                    }}
                  />{' '}
                  split off
                </label>
                <ReviewPanel.Detach incident={incident} claimId={c.id} onDone={load} />
              </div>
            )}
          </div>
        ))}
      </section>

      <section>
        <h2>Sources and origins</h2>
        <table>
          <thead>
            <tr>
              <th>source</th>
              <th>kind</th>
              <th>origin group</th>
            </tr>
          </thead>
          <tbody>
            {detail.sources.map((s) => (
              <tr key={s.id}>
                <td>{s.name}</td>
                <td>{s.kind}</td>
                <td>{s.originGroup}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {reports.some((r) => r.text !== null) && (
        <section>
          <h2>The reports, with this incident's sentences highlighted</h2>
          {reports.map((r) => {
            if (r.text === null) return null;
            const spans = claims
              .filter((c) => c.reportId === r.id)
              .map((c) => ({ claimId: c.id, span: c.span }));
            return (
              <div key={r.id} class="report" data-testid="report">
                <h3>
                  {r.title ?? r.id}{' '}
                  <span class="meta">{[r.sourceName, r.published].filter(Boolean).join(' · ')}</span>
                </h3>
                <div class="report-text">
                  {segments(r.text, spans).map((s, i) =>
                    s.claimIds.length ? (
                      <mark key={i} data-testid="highlight" data-claim-id={s.claimIds.join(' ')}>
                        {s.text}
                      </mark>
                    ) : (
                      <span key={i}>{s.text}</span>
                    ),
                  )}
                </div>
              </div>
            );
          })}
        </section>
      )}

      {session.role !== 'public' && (
        <EvidencePanel
          detail={detail}
          canAdd={session.actions.includes('evidence.add')}
          reviewer={reviewer}
          onChange={load}
        />
      )}
      {reviewer && <ReviewPanel incident={incident} picked={[...picked]} onDone={load} />}
    </article>
  );
}

import { useState } from 'preact/hooks';
import { api, type IncidentDetail } from './api.ts';

const size = (n: number) =>
  n < 1024 ? `${n} B` : n < 1 << 20 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / (1 << 20)).toFixed(1)} MiB`;

/** Evidence held (hashes, custody), evidence expected, and an upload for reviewers. */
export function EvidencePanel({
  detail,
  canAdd,
  reviewer,
  onChange,
}: {
  detail: IncidentDetail;
  canAdd: boolean;
  reviewer: boolean;
  onChange: () => void;
}) {
  const [uploaded, setUploaded] = useState<{ fileName: string; sha256: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = detail.incident.id;
  return (
    <section class="evidence" data-testid="evidence">
      <h2>Evidence</h2>
      {detail.evidence.length === 0 && <p class="meta">No evidence held for this incident.</p>}
      {detail.evidence.map(({ item, custody }) => (
        <div key={item.id} class="evidence-item" data-testid="evidence-item">
          <div>
            <strong>{item.fileName}</strong>{' '}
            <span class="meta">
              {item.mediaType} · {size(item.size)}
            </span>
          </div>
          <div class="hash">
            SHA-256 <code data-testid="sha256">{item.sha256}</code>
          </div>
          <div class="hash">
            MD5 <code>{item.md5}</code>
          </div>
          <details>
            <summary>chain of custody ({custody.length})</summary>
            <ol>
              {custody.map((e) => (
                <li key={e.id}>
                  {e.at} · {e.action} · {e.actor}
                  {e.reason ? ` · ${e.reason}` : ''}
                </li>
              ))}
            </ol>
          </details>
        </div>
      ))}
      <h3>Pending evidence</h3>
      {detail.pending.length === 0 ? (
        <p class="meta">None recorded.</p>
      ) : (
        <ul data-testid="pending">
          {detail.pending.map((p) => (
            <li key={p.id}>
              {p.described} — held by {p.heldBy} (since {p.recordedAt.slice(0, 10)})
              {reviewer && detail.evidence.length > 0 && !p.evidenceId && (
                <button
                  type="button"
                  class="link"
                  onClick={async () => {
                    const evidenceId = detail.evidence[detail.evidence.length - 1]!.item.id;
                    await api.link(id, { evidenceId, pendingId: p.id, reason: 'collected' });
                    onChange();
                  }}
                >
                  mark collected by the latest item
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {reviewer && <ExpectAndLink incidentId={id} onChange={onChange} />}
      {canAdd && (
        <form
          class="upload"
          onSubmit={async (e) => {
            e.preventDefault();
            const form = e.currentTarget;
            const data = new FormData();
            data.set('incidentId', id);
            const note = (form.elements.namedItem('note') as HTMLInputElement).value;
            if (note) data.set('note', note);
            const input = form.elements.namedItem('file') as HTMLInputElement;
            for (const f of Array.from(input.files ?? [])) data.append('file', f, f.name);
            setBusy(true);
            setError(null);
            try {
              const result = await api.upload(data);
              setUploaded(result.items);
              form.reset();
              onChange();
            } catch (err) {
              setError((err as Error).message);
            } finally {
              setBusy(false);
            }
          }}
        >
          <h3>Add evidence</h3>
          <input type="file" name="file" multiple required data-testid="upload-file" />
          <input name="note" placeholder="note (where it came from)" />
          <button type="submit" disabled={busy} data-testid="upload">
            Upload and hash
          </button>
          {error && <p class="error">{error}</p>}
          {uploaded.map((u) => (
            <p key={u.sha256} class="ok" data-testid="uploaded">
              {u.fileName}: SHA-256 <code>{u.sha256}</code>
            </p>
          ))}
        </form>
      )}
    </section>
  );
}

/** Record evidence a source says exists; link an item already in the vault by its id. */
function ExpectAndLink({ incidentId, onChange }: { incidentId: string; onChange: () => void }) {
  const [described, setDescribed] = useState('');
  const [heldBy, setHeldBy] = useState('');
  const [evidenceId, setEvidenceId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      onChange();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div class="expect">
      <div class="row">
        <input
          value={described}
          onInput={(e) => setDescribed(e.currentTarget.value)}
          placeholder="evidence said to exist (e.g. video of the raid)"
        />
        <input value={heldBy} onInput={(e) => setHeldBy(e.currentTarget.value)} placeholder="held by" />
        <button type="button" onClick={() => act(() => api.expect(incidentId, { described, heldBy }))}>
          Record pending evidence
        </button>
      </div>
      <div class="row">
        <input
          value={evidenceId}
          onInput={(e) => setEvidenceId(e.currentTarget.value)}
          placeholder="evidence id already in the vault"
        />
        <button
          type="button"
          onClick={() => act(() => api.link(incidentId, { evidenceId, reason: 'linked by analyst' }))}
        >
          Link evidence
        </button>
      </div>
      {error && <p class="error">{error}</p>}
    </div>
  );
}

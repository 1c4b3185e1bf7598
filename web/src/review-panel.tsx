import { useState } from 'preact/hooks';
import { ApiError, api, type Incident } from './api.ts';
import { FieldEditor } from './field-editor.tsx';
import { GRADES } from './filters.ts';
import { navigate } from './main.tsx';

function useAction(onDone: () => void) {
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<string | undefined>) => {
    setBusy(true);
    setMessage(null);
    try {
      const text = await work();
      setMessage(text ? { text, error: false } : null);
      onDone();
    } catch (e) {
      const conflict = e instanceof ApiError && e.status === 409;
      setMessage({ text: (e as Error).message + (conflict ? ' (the page was reloaded)' : ''), error: true });
      if (conflict) onDone();
    } finally {
      setBusy(false);
    }
  };
  return { message, busy, run };
}

function Message({ m }: { m: { text: string; error: boolean } | null }) {
  if (!m) return null;
  return (
    <p class={m.error ? 'error' : 'ok'} role="status" data-testid="review-message">
      {m.text}
    </p>
  );
}

/**
 * Review actions for analysts: grade, publish, edit or confirm a field, merge, split. Every one
 * needs a reason; every one is made on the version shown (a stale one is refused, not lost).
 */
export function ReviewPanel({
  incident,
  picked,
  onDone,
}: {
  incident: Incident;
  picked: string[];
  onDone: () => void;
}) {
  const { message, busy, run } = useAction(onDone);
  const [grade, setGrade] = useState(incident.grade);
  const [reason, setReason] = useState('');
  const [others, setOthers] = useState('');
  const v = incident.version;
  return (
    <section class="review" data-testid="review-panel">
      <h2>Review</h2>
      <label>
        Reason (recorded with your name in the ledger)
        <input
          name="reason"
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
          placeholder="why you make this change"
        />
      </label>
      <div class="row">
        <select name="grade" value={grade} onChange={(e) => setGrade(e.currentTarget.value)}>
          {GRADES.map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
        <button
          type="button"
          disabled={busy}
          data-testid="set-grade"
          onClick={() =>
            run(async () => {
              await api.setField(incident.id, { field: 'grade', value: grade, reason, expectedVersion: v });
              return `grade set to ${grade}`;
            })
          }
        >
          {grade === incident.grade ? 'Confirm grade' : 'Set grade'}
        </button>
        <button
          type="button"
          disabled={busy}
          data-testid="publish"
          onClick={() =>
            run(async () => {
              await api.setField(incident.id, {
                field: 'published',
                value: !incident.published,
                reason,
                expectedVersion: v,
              });
              return incident.published ? 'unpublished' : 'published';
            })
          }
        >
          {incident.published ? 'Unpublish' : 'Publish'}
        </button>
      </div>
      <div class="row">
        <input
          name="merge-with"
          value={others}
          onInput={(e) => setOthers(e.currentTarget.value)}
          placeholder="ids of incidents to merge into this one, comma-separated"
        />
        <button
          type="button"
          disabled={busy}
          data-testid="merge"
          onClick={() =>
            run(async () => {
              const ids = others.split(/[\s,]+/).filter(Boolean);
              const result = await api.merge(incident.id, {
                others: ids,
                reason,
                expectedVersions: { [incident.id]: v },
              });
              const merged = result.incidents[0];
              if (merged && merged.id !== incident.id)
                navigate(`/incidents/${encodeURIComponent(merged.id)}`);
              return `merged ${ids.length} incident(s) into this one`;
            })
          }
        >
          Merge
        </button>
      </div>
      <div class="row">
        <button
          type="button"
          disabled={busy || picked.length === 0 || picked.length === incident.claimIds.length}
          data-testid="split"
          onClick={() =>
            run(async () => {
              await api.split(incident.id, { claimGroups: [picked], reason, expectedVersion: v });
              return `split ${picked.length} claim(s) into a new incident`;
            })
          }
        >
          Split the ticked claims into a new incident ({picked.length})
        </button>
      </div>
      <FieldEditor incident={incident} reason={reason} run={run} busy={busy} />
      <Message m={message} />
    </section>
  );
}

ReviewPanel.Detach = function Detach({
  incident,
  claimId,
  onDone,
}: {
  incident: Incident;
  claimId: string;
  onDone: () => void;
}) {
  const { message, busy, run } = useAction(onDone);
  return (
    <div class="detach">
      <button
        type="button"
        class="link"
        disabled={busy}
        onClick={() =>
          run(async () => {
            const reason = prompt('Why does this claim not belong to this incident?') ?? '';
            await api.detach(incident.id, { claimId, reason, expectedVersion: incident.version });
            return 'claim detached';
          })
        }
      >
        detach this claim
      </button>
      <Message m={message} />
    </div>
  );
};

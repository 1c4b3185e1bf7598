import { useMemo, useRef, useState } from 'preact/hooks';
import type { DayCount } from './api.ts';
import { GRADE_COLORS, GRADES } from './filters.ts';

export interface TimelineProps {
  days: DayCount[];
  from?: string;
  to?: string;
  onRange(from: string, to: string): void;
  onClear(): void;
}

const W = 1000;
const H = 150;
const PAD = { left: 36, right: 36, top: 12, bottom: 26 };

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * Incidents per day stacked by grade (bars) and killed per day (dots, right scale). Click a
 * day, or drag across days, to filter the map and the list to those dates.
 */
export function Timeline({ days, from, to, onRange, onClear }: TimelineProps) {
  // The drag lives in a ref (events can outrun a re-render) and is mirrored in state to draw it.
  const dragRef = useRef<{ start: number; end: number } | null>(null);
  const [drag, setDragState] = useState<{ start: number; end: number } | null>(null);
  const setDrag = (d: { start: number; end: number } | null) => {
    dragRef.current = d;
    setDragState(d);
  };
  const model = useMemo(() => {
    if (days.length === 0) return null;
    const sorted = [...new Set(days.map((d) => d.day))].sort();
    const first = sorted[0]!;
    const last = sorted[sorted.length - 1]!;
    const all: string[] = [];
    for (let d = first; d <= last && all.length < 3660; d = addDays(d, 1)) all.push(d);
    const byDay = new Map<string, { grades: Record<string, number>; total: number; killed: number }>();
    for (const d of days) {
      const e = byDay.get(d.day) ?? { grades: {}, total: 0, killed: 0 };
      e.grades[d.grade] = (e.grades[d.grade] ?? 0) + d.incidents;
      e.total += d.incidents;
      e.killed += d.killedMin;
      byDay.set(d.day, e);
    }
    const maxCount = Math.max(1, ...[...byDay.values()].map((e) => e.total));
    const maxKilled = Math.max(1, ...[...byDay.values()].map((e) => e.killed));
    return { all, byDay, maxCount, maxKilled };
  }, [days]);

  if (!model) return <div class="timeline empty">No dated incidents for these filters.</div>;
  const { all, byDay, maxCount, maxKilled } = model;
  const step = (W - PAD.left - PAD.right) / all.length;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + i * step;
  // The day under the pointer, from the element hit (the drawing is scaled and centred).
  const dayAt = (evt: PointerEvent): number => {
    const g = (evt.target as Element).closest?.('[data-day]');
    return g ? all.indexOf(g.getAttribute('data-day')!) : -1;
  };
  const selected = (day: string) => (from ? day >= from : true) && (to ? day <= to : true);
  const labelEvery = Math.max(1, Math.ceil(all.length / 10));

  return (
    <div class="timeline" data-testid="timeline">
      <div class="timeline-head">
        <span>Incidents per day by grade · killed (lower bound) as dots</span>
        {(from || to) && (
          <button type="button" class="link" onClick={onClear} data-testid="timeline-clear">
            all dates
          </button>
        )}
      </div>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label="timeline of incidents per day"
        onPointerDown={(e) => {
          const i = dayAt(e);
          if (i >= 0) setDrag({ start: i, end: i });
        }}
        onPointerMove={(e) => {
          const i = dayAt(e);
          if (dragRef.current && i >= 0 && i !== dragRef.current.end) setDrag({ ...dragRef.current, end: i });
        }}
        onPointerUp={(e) => {
          const current = dragRef.current;
          if (!current) return;
          const at = dayAt(e);
          const end = at >= 0 ? at : current.end;
          setDrag(null);
          onRange(all[Math.min(current.start, end)]!, all[Math.max(current.start, end)]!);
        }}
        onPointerLeave={() => setDrag(null)}
      >
        {all.map((day, i) => {
          const e = byDay.get(day);
          let y = PAD.top + plotH;
          const dim = !selected(day);
          return (
            <g key={day} data-day={day} class={dim ? 'dim' : ''}>
              <rect
                x={x(i)}
                y={PAD.top}
                width={step}
                height={plotH}
                class="day-hit"
                data-testid={`day-${day}`}
              />
              {GRADES.map((g) => {
                const n = e?.grades[g] ?? 0;
                if (!n) return null;
                const h = (n / maxCount) * plotH;
                y -= h;
                return (
                  <rect
                    key={g}
                    x={x(i) + step * 0.1}
                    y={y}
                    width={step * 0.8}
                    height={h}
                    fill={GRADE_COLORS[g]}
                  />
                );
              })}
              {e && e.killed > 0 && (
                <circle
                  cx={x(i) + step / 2}
                  cy={PAD.top + plotH - (e.killed / maxKilled) * plotH}
                  r={3}
                  class="killed-dot"
                >
                  <title>{`${day}: at least ${e.killed} killed`}</title>
                </circle>
              )}
              <title>{`${day}: ${e?.total ?? 0} incident(s)`}</title>
            </g>
          );
        })}
        {drag && (
          <rect
            x={x(Math.min(drag.start, drag.end))}
            y={PAD.top}
            width={(Math.abs(drag.end - drag.start) + 1) * step}
            height={plotH}
            class="brush"
          />
        )}
        {all.map((day, i) =>
          i % labelEvery === 0 ? (
            <text key={`l${day}`} x={x(i) + step / 2} y={H - 8} class="axis" text-anchor="middle">
              {day.slice(5)}
            </text>
          ) : null,
        )}
        <text x={4} y={PAD.top + 10} class="axis">
          {maxCount}
        </text>
        <text x={W - 4} y={PAD.top + 10} class="axis killed" text-anchor="end">
          {maxKilled}
        </text>
      </svg>
      <div class="legend">
        {GRADES.map((g) => (
          <span key={g}>
            <i style={{ background: GRADE_COLORS[g] }} /> {g}
          </span>
        ))}
      </div>
    </div>
  );
}

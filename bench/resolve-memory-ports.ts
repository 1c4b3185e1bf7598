import type { Incident, Source, SourceKind } from '../src/domain/index.ts';
import type { ResolutionPorts } from '../src/pipeline/resolve/workspace.ts';
import {
  type Band,
  type CandidateBlock,
  type ClaimLink,
  type Contradiction,
  type IncidentProfile,
  publicationWeek,
  type StandingStatement,
  type StoredClaim,
  type TextSignature,
} from '../src/ports/resolution.ts';
import { BandTable } from './resolve-band-table.ts';
import { memoryIncidentIndex } from './resolve-memory-index.ts';

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

// Claim ids by report and by incident, as lists kept like sets (each id once, in the order first
// added): a report or an incident holds a few claims, and a list of them is a fraction of a
// Set's size — with a million links, the difference is what the collector has to trace.
function addOnce(map: Map<string, string[]>, key: string, id: string): void {
  const list = map.get(key);
  if (!list) map.set(key, [id]);
  else if (!list.includes(id)) list.push(id);
}

function removeFrom(map: Map<string, string[]>, key: string, id: string): void {
  const list = map.get(key);
  const at = list ? list.indexOf(id) : -1;
  if (at >= 0) list!.splice(at, 1);
}

/**
 * The resolution ports in memory, for the bulk benchmark: the same engine (runResolve) over
 * hash maps, with incidents indexed by family and week. The ledger
 * only counts entries (hashing them is the ledger's cost, not resolution's).
 */
export function memoryPorts() {
  const links = new Map<string, ClaimLink>();
  // Located links by family, one-degree cell and week of their first day, for `later`
  // (entries whose link has since moved cell are skipped when read).
  const located = new Map<number, string[]>();
  const familyNumber = new Map<string, number>();
  const cellOf = (family: string, lat: number, lon: number, week: number) => {
    let f = familyNumber.get(family);
    if (f === undefined) {
      f = familyNumber.size;
      familyNumber.set(family, f);
    }
    // Kept within a small integer (V8 hashes those without boxing a number): the week wraps every
    // 2,048 weeks, and a read re-checks every link it takes, so two weeks 39 years apart sharing a
    // cell costs only a longer list.
    return ((f * 400 + Math.floor(lat) + 200) * 400 + Math.floor(lon) + 200) * 2048 + (week & 2047);
  };
  // The greatest key recorded: a search after it finds nothing (claims arriving in order).
  let greatestKey = '';
  // Located links by the publication date their key starts with: when claims arrive roughly in
  // order, the few dates after a key hold everything later, and are cheaper to read than cells.
  const dates: string[] = [];
  const byDate = new Map<string, string[]>();
  const dateOf = (key: string) => key.slice(0, key.indexOf(' '));
  // The longest span a located claim's days cover (a month), so a search reaches back far enough.
  let longestSpan = 0;
  const linksByReport = new Map<string, string[]>();
  const linksByIncident = new Map<string, string[]>();
  const claims = new Map<string, StoredClaim>();
  const claimsByReport = new Map<string, string[]>();
  const signatures = new Map<string, TextSignature>();
  // Week → band → report number(s) (`BandTable`): numbers keep millions of entries small, and one
  // table per week keeps a report's lookups (its bands in three weeks) in a few cache-warm arrays.
  // A band (slot and 32-bit hash) is folded to 30 bits. Two bands of one week folding alike
  // (about one lookup in 5,000) only add a candidate, which is then judged on its signatures like
  // any other.
  const bands = new Map<number, BandTable>();
  const reportIds: string[] = [];
  // Slot and hash read straight off the number (`bandParts` makes an object per band).
  const bandKey = (band: Band) =>
    ((band >>> 0) ^ Math.imul(Math.floor(band / 2 ** 32) + 1, 0x9e3779b1)) >>> 2;
  const derived = new Map<string, string[]>();
  const contradictions = new Map<string, Contradiction[]>();
  const statements: StandingStatement[] = [];
  const sources = new Map<string, Source>();
  let ledgerEntries = 0;
  let listed: Source[] | null = null;

  const incidents = memoryIncidentIndex();

  const ports: ResolutionPorts = {
    incidents: {
      async findCandidates(block: CandidateBlock) {
        return incidents.find(block);
      },
      async getMany(ids) {
        return ids.map((id) => incidents.get(id)?.incident).filter((i): i is Incident => i !== undefined);
      },
      async profiles(ids) {
        return ids
          .map((id) => incidents.get(id)?.profile)
          .filter((p): p is IncidentProfile => p !== undefined);
      },
      async save(incident, profile) {
        incidents.save(incident, profile);
      },
      async retire(id) {
        incidents.retire(id);
        contradictions.delete(id);
      },
      async existing(ids) {
        return new Set(ids.filter((id) => incidents.has(id)));
      },
    },
    claimLinks: {
      async forReport(reportId) {
        return (linksByReport.get(reportId) ?? []).map((c) => links.get(c)!);
      },
      async forIncidents(ids) {
        const out: ClaimLink[] = [];
        for (const id of ids) for (const c of linksByIncident.get(id) ?? []) out.push(links.get(c)!);
        return out;
      },
      async forClaims(ids) {
        return ids.map((id) => links.get(id)).filter((l): l is ClaimLink => l !== undefined);
      },
      async forSources(ids) {
        const want = new Set(ids);
        return [...links.values()].filter((l) => l.origin.sourceId && want.has(l.origin.sourceId));
      },
      async put(list) {
        for (const l of list) {
          const old = links.get(l.claimId);
          if (old) removeFrom(linksByIncident, old.incidentId, l.claimId);
          links.set(l.claimId, l);
          if (l.key && l.key > greatestKey) greatestKey = l.key;
          const r = l.reach;
          const o = old?.reach;
          if (
            r &&
            (!o || o.lat !== r.lat || o.lon !== r.lon || o.firstDay !== r.firstDay || o.family !== r.family)
          ) {
            const date = dateOf(l.key ?? '');
            let sameDay = byDate.get(date);
            if (!sameDay) {
              sameDay = [];
              byDate.set(date, sameDay);
              let at = dates.length;
              while (at > 0 && dates[at - 1]! > date) at--;
              dates.splice(at, 0, date);
            }
            sameDay.push(l.claimId);
            const cell = cellOf(r.family, r.lat, r.lon, Math.floor(r.firstDay / 7));
            const list = located.get(cell);
            if (list) list.push(l.claimId);
            else located.set(cell, [l.claimId]);
            longestSpan = Math.max(longestSpan, r.lastDay - r.firstDay);
          }
          addOnce(linksByReport, l.reportId, l.claimId);
          addOnce(linksByIncident, l.incidentId, l.claimId);
        }
      },
      async drop(ids) {
        for (const id of ids) {
          const old = links.get(id);
          if (!old) continue;
          links.delete(id);
          removeFrom(linksByReport, old.reportId, id);
          removeFrom(linksByIncident, old.incidentId, id);
        }
      },
      async lastSeq() {
        return links.size;
      },
      async later(q) {
        const out: ClaimLink[] = [];
        if (q.afterKey >= greatestKey) return out;
        const seen = new Set<string>();
        const keep = (id: string, family?: string) => {
          const l = links.get(id);
          const r = l?.reach;
          if (!l || !r || seen.has(id) || !l.key || l.key <= q.afterKey) return;
          if ((family ? r.family !== family : !q.families.includes(r.family)) || r.lat < q.south) return;
          if (r.lat > q.north || r.lon < q.west || r.lon > q.east) return;
          if (r.firstDay > q.lastDay || r.lastDay < q.firstDay) return;
          seen.add(id);
          out.push(l);
        };
        const from = dateOf(q.afterKey);
        let first = dates.length;
        while (first > 0 && dates[first - 1]! >= from) first--;
        let after = 0;
        for (let i = first; i < dates.length && after <= 2000; i++) after += byDate.get(dates[i]!)!.length;
        if (after <= 2000) {
          for (let i = first; i < dates.length; i++) for (const id of byDate.get(dates[i]!)!) keep(id);
          return out.sort((a, b) => (a.key! < b.key! ? -1 : 1));
        }
        for (const family of q.families)
          for (let lat = Math.floor(q.south); lat <= Math.floor(q.north); lat++)
            for (let lon = Math.floor(q.west); lon <= Math.floor(q.east); lon++)
              for (
                let week = Math.floor((q.firstDay - longestSpan) / 7);
                week <= Math.floor(q.lastDay / 7);
                week++
              ) {
                for (const id of located.get(cellOf(family, lat, lon, week)) ?? []) keep(id, family);
              }
        return out.sort((a, b) => (a.key! < b.key! ? -1 : 1));
      },
    },
    nearDuplicates: {
      async similar(list, weeks, except) {
        const ids = new Set<number>();
        // A band is hashed once, then looked up in each week's table (keys as `put` makes them).
        const tables = weeks.map((w) => bands.get(w));
        for (const band of list) {
          const h = bandKey(band);
          for (const table of tables) table?.collect(h, ids);
        }
        return [...ids]
          .map((n) => reportIds[n]!)
          .filter((id) => id !== except)
          .map((id) => signatures.get(id)!);
      },
      async get(id) {
        return signatures.get(id) ?? null;
      },
      async put(sig) {
        const old = signatures.get(sig.reportId);
        if (!old) {
          const n = reportIds.length;
          reportIds.push(sig.reportId);
          const keyWeek = publicationWeek(sig.published);
          let week = bands.get(keyWeek);
          if (!week) {
            week = new BandTable();
            bands.set(keyWeek, week);
          }
          for (const band of sig.bands) week.add(bandKey(band), n);
        }
        if (sig.derivedFrom && old?.derivedFrom !== sig.derivedFrom)
          push(derived, sig.derivedFrom, sig.reportId);
        // Band keys are kept in the band map only, as the SQL store keeps them in their own table.
        signatures.set(sig.reportId, { ...sig, bands: [] });
      },
      async derivedFrom(id) {
        return (derived.get(id) ?? []).map((r) => signatures.get(r)!).filter((s) => s.derivedFrom === id);
      },
    },
    decisions: {
      async record() {},
      async forClaims() {
        return [];
      },
      async forIncident() {
        return [];
      },
      async overrides() {
        return {};
      },
      async setOverride() {},
      async moveOverrides() {},
    },
    contradictions: {
      async replaceFor(id, list) {
        if (list.length) contradictions.set(id, list);
        else contradictions.delete(id);
      },
      async forIncident(id) {
        return contradictions.get(id) ?? [];
      },
      async putStatement(s) {
        statements.push(s);
      },
      async dropStatements() {},
      async statementsNear(block) {
        // As the SQL store answers: days within the window, then latitude within both radii.
        return statements.filter(
          (s) =>
            s.firstDay <= block.lastDay &&
            s.lastDay >= block.firstDay - 30 &&
            Math.abs(s.lat - block.lat) * 111 <= s.radiusKm + block.reachKm,
        );
      },
    },
    sources: {
      async ensure(name: string, kind: SourceKind = 'unknown') {
        let s = sources.get(name.toLowerCase());
        if (!s) {
          s = { id: `src-${sources.size}`, name, kind, originGroup: name, site: null };
          sources.set(name.toLowerCase(), s);
          listed = null;
        }
        return s;
      },
      async list() {
        listed ??= [...sources.values()];
        return listed;
      },
    },
    claims: {
      async get(ids) {
        return ids.map((id) => claims.get(id)).filter((c): c is StoredClaim => c !== undefined);
      },
      async forReport(id) {
        return (claimsByReport.get(id) ?? []).map((c) => claims.get(c)!);
      },
    },
    ledger: {
      async append(change) {
        ledgerEntries++;
        return {
          seq: ledgerEntries,
          kind: change.kind,
          subject: change.subject,
          digest: '',
          actor: change.actor,
          at: change.at,
          leafHash: '',
        };
      },
    },
  };

  return {
    ports,
    /** Records a report's claims, as ingest does before resolving them. */
    addClaims(reportId: string, list: StoredClaim[]): void {
      claimsByReport.set(
        reportId,
        list.map((c) => c.id),
      );
      for (const c of list) claims.set(c.id, c);
    },
    stats() {
      return {
        incidents: incidents.size,
        links: links.size,
        signatures: signatures.size,
        contradictions: contradictions.size,
      };
    },
    dump() {
      return { incidents: incidents.all(), links, signatures, bands, reportIds, claims, sources };
    },
  };
}

import type { Source, SourceKind } from '../../domain/source.ts';
import type { ClaimOrigin, StoredClaim } from '../../ports/resolution.ts';
import type { SourceStore } from '../../ports/store.ts';
import { remembered } from './claim-view.ts';

/** The report facts origins and near-duplicates need. */
export interface ReportMeta {
  id: string;
  sourceName: string | null;
  /** Publication date, or the ingest time when unknown. */
  published: string;
  /** When it was ingested: the earlier of two copies published the same day is the original. */
  ingestedAt?: string;
}

/**
 * Collective, unnamed speakers ("residents", "a nurse at a local clinic", "witnesses"): they
 * reach the record only through the outlet that quoted them, so they count under its origin.
 */
const COLLECTIVE =
  /^(the |a |an |some |several |many |two |three |local |other )*(residents?|witness(es)?|eyewitness(es)?|locals?|villagers?|survivors?|relatives?|famil(y|ies)|activists?|sources?|people|medics?|doctors?|nurses?|neighbou?rs?|journalists?|reporters?|officials?|reports?|media|social media)\b/i;

/** A source that names who speaks: an organisation or a person, not "residents". */
export const isNamedSource: (name: string) => boolean = remembered(
  (name) => /\p{Lu}/u.test(name) && !COLLECTIVE.test(name.trim()),
);

function sameName(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * Where a claim traces back to (docs/resolution.md, "Origins"):
 * - a named third party ("the Observatory reported") is the origin, whoever relays it, so five
 *   outlets citing one monitor are one origin;
 * - otherwise (the outlet's own voice, residents it quoted, "reports say") the origin is the
 *   outlet of the report the text derives from — the wire story behind a copy — or the outlet itself.
 */
export async function originOf(
  claim: Pick<StoredClaim, 'attribution'>,
  report: ReportMeta,
  root: ReportMeta,
  sources: Pick<SourceStore, 'ensure' | 'list'>,
): Promise<ClaimOrigin> {
  const said = claim.attribution.source?.trim() || null;
  if (said && isNamedSource(said) && !sameName(said, report.sourceName)) {
    const source = await sourceNamed(sources, said);
    // Labelled as this claim spells it, not as the source was first spelled: the record must not
    // depend on which report arrived first.
    return shared(source.id, said);
  }
  const outlet = root.sourceName ?? report.sourceName;
  if (!outlet) {
    return {
      sourceId: null,
      fallbackKey: `report:${root.id}`,
      label: said ? `${said} (unnamed outlet, report ${root.id})` : `unnamed source (report ${root.id})`,
    };
  }
  const source = await sourceNamed(sources, outlet);
  const via = root.id !== report.id ? ` via ${outlet}` : '';
  return shared(
    source.id,
    said && !isNamedSource(said) ? `${said} (${via ? via.slice(1) : `quoted by ${outlet}`})` : outlet,
  );
}

// One origin object for each source and label: a few thousand origins stand behind a million
// links, and each link kept its own copy (origins are records, never edited). Bounded.
const ORIGINS = new Map<string, Map<string, ClaimOrigin>>();
let originCount = 0;
function shared(sourceId: string, label: string): ClaimOrigin {
  if (originCount > 100_000) {
    ORIGINS.clear();
    originCount = 0;
  }
  let bySource = ORIGINS.get(sourceId);
  if (!bySource) {
    bySource = new Map();
    ORIGINS.set(sourceId, bySource);
  }
  let origin = bySource.get(label);
  if (!origin) {
    origin = { sourceId, fallbackKey: null, label };
    bySource.set(label, origin);
    originCount++;
  }
  return origin;
}

const known = new WeakMap<object, Map<string, Source>>();

/**
 * The source with this name, matched without regard to case ("the Monitor" and "The Monitor"),
 * created when new. Known sources are cached per source store.
 */
async function sourceNamed(sources: Pick<SourceStore, 'ensure' | 'list'>, name: string): Promise<Source> {
  let byName = known.get(sources);
  if (!byName) {
    byName = new Map((await sources.list()).map((s) => [s.name.toLowerCase(), s]));
    known.set(sources, byName);
  }
  const key = name.toLowerCase();
  const hit = byName.get(key);
  if (hit) return hit;
  const created = await sources.ensure(name, kindFor(name));
  byName.set(key, created);
  return created;
}

/**
 * A first guess at a newly seen source's kind; an analyst can correct it. (Also asked for every
 * report's place in the canonical order, so the answers are kept.)
 */
export const kindFor: (name: string) => SourceKind = remembered(kindOfName);

function kindOfName(name: string): SourceKind {
  const n = name.toLowerCase();
  if (/\b(observatory|monitor|network for human rights)\b/.test(n)) return 'monitor';
  if (/\b(amnesty|watch|rights)\b/.test(n)) return 'rights-group';
  if (/\b(ministry|government|presidency|army|defen[cs]e|military)\b/.test(n)) return 'ministry';
  if (/\b(wire|agency|press|reuters|afp)\b/.test(n)) return 'wire';
  if (/\b(news|times|post|voice|tv|radio|digest|daily|weekly|desk)\b/.test(n)) return 'outlet';
  return 'unknown';
}

/** The key independence counts by: the source's origin group (analysts may edit it). */
export function originGroup(origin: ClaimOrigin, sources: Map<string, Source>): string {
  if (origin.sourceId) {
    const source = sources.get(origin.sourceId);
    return keyed(GROUP_KEYS, 'group:', source?.originGroup ?? origin.sourceId);
  }
  return origin.fallbackKey ?? keyed(LABEL_KEYS, 'label:', origin.label);
}

// The same key string for the same group every time: keys are compared and hashed in maps for
// every claim assessed, and a string made afresh is hashed afresh (a bounded cache).
const GROUP_KEYS = new Map<string, string>();
const LABEL_KEYS = new Map<string, string>();
function keyed(cache: Map<string, string>, prefix: string, name: string): string {
  let key = cache.get(name);
  if (key === undefined) {
    key = prefix + name;
    if (cache.size > 100_000) cache.clear();
    cache.set(name, key);
  }
  return key;
}

import type { Store } from '../ports/store.ts';

/** A filter value no source or origin group has. */
const NOTHING = '\u0000withheld';

/**
 * Every sensitive word the record holds (witness names and contacts, submitters, hiding
 * places, from every field submission), for the places where a value cannot carry its own
 * sensitivity mark: source names that resolution derived from an attribution, and filters a
 * role might use as an oracle ("does a source called X exist?"). Refreshed after writes made
 * through this server and at most every 10 seconds otherwise (another server may add some).
 */
export class SensitiveTerms {
  private terms: Promise<string[]> | null = null;
  private at = 0;

  constructor(private readonly store: Store) {}

  invalidate(): void {
    this.terms = null;
  }

  get(): Promise<string[]> {
    if (!this.terms || Date.now() - this.at > 10_000) {
      this.at = Date.now();
      this.terms = this.load();
    }
    return this.terms;
  }

  /** Whether a value names (or contains) a sensitive word. */
  async touches(value: string): Promise<boolean> {
    const v = value.toLowerCase();
    return (await this.get()).some((t) => v.includes(t) || t.includes(v));
  }

  /**
   * Filters as a role without permission may use them: a source or origin filter naming a
   * sensitive word matches nothing (else the count of results would confirm the name).
   */
  async guard<F extends { source?: string; origin?: string }>(
    filters: F,
    seesSensitive: boolean,
  ): Promise<F> {
    if (seesSensitive) return filters;
    const out = { ...filters };
    if (out.source && (await this.touches(out.source))) out.source = NOTHING;
    if (out.origin && (await this.touches(out.origin))) out.origin = NOTHING;
    return out;
  }

  private async load(): Promise<string[]> {
    const out = new Set<string>();
    for (let offset = 0; ; offset += 1000) {
      const page = await this.store.intakes.list({ limit: 1000, offset });
      for (const s of page) {
        const { witnessName, witnessContact, submitter, hidingPlace } = s.sensitive;
        for (const t of [witnessName, witnessContact, submitter, hidingPlace]) {
          if (t && t.trim().length >= 3) out.add(t.trim().toLowerCase());
        }
      }
      if (page.length < 1000) break;
    }
    return [...out];
  }
}

import { existsSync, readFileSync } from 'node:fs';
import { parseGeoNamesDump } from '../../adapters/memory/geonames-dump.ts';
import { createApp } from '../../app.ts';
import type { Config } from '../../config.ts';
import { EXIT, InputError, UsageError } from '../../errors.ts';
import { countryCode } from '../../pipeline/geocode/countries.ts';
import { foldName } from '../../pipeline/geocode/fold-name.ts';
import type { GazetteerEntry } from '../../ports/gazetteer.ts';
import { table } from '../output.ts';

export interface GazetteerFlags {
  lat?: string;
  lon?: string;
  country?: string;
  admin1?: string;
  kind?: string;
  alt?: string;
  aliasOf?: string;
  id?: string;
  json?: boolean;
}

/**
 * `vigil gazetteer import FILE` (a GeoNames dump), `vigil gazetteer add NAME --lat --lon …`
 * (a village, camp or base), `vigil gazetteer add NAME --alias-of ID` (another name for a
 * known place) and `vigil gazetteer lookup NAME`. Added places persist in the store.
 */
export async function gazetteerCommand(
  config: Config,
  action: string,
  name: string | undefined,
  flags: GazetteerFlags,
): Promise<number> {
  if (!['import', 'add', 'lookup'].includes(action))
    throw new UsageError(`unknown gazetteer action "${action}": use import, add or lookup`);
  if (!name) throw new UsageError(`gazetteer ${action} needs ${action === 'import' ? 'a FILE' : 'a NAME'}`);
  if (action === 'import') {
    if (!existsSync(name)) throw new InputError(`cannot read ${name}: no such file`);
    const started = Date.now();
    const parsed = parseGeoNamesDump(readFileSync(name, 'utf8'), 'import');
    if (!parsed.entries.length) {
      throw new InputError(
        `${name}: no GeoNames rows found${parsed.firstRejectedLine ? ` (line ${parsed.firstRejectedLine} is not 19 tab-separated columns with coordinates)` : ''}`,
      );
    }
    const app = await createApp(config);
    try {
      await app.gazetteer.add(parsed.entries);
    } finally {
      await app.close();
    }
    const skipped = parsed.rejected
      ? `, ${parsed.rejected} malformed line(s) skipped (first: line ${parsed.firstRejectedLine})`
      : '';
    process.stdout.write(
      `imported ${parsed.entries.length} place(s) from ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s${skipped}\n`,
    );
    return EXIT.ok;
  }
  const app = await createApp(config);
  try {
    if (action === 'lookup') {
      const countries = flags.country ? [checkCountry(flags.country)] : undefined;
      const found = (await app.gazetteer.lookup(name, { countries })).slice(0, 10);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(found.map(plain), null, 2)}\n`);
      } else if (!found.length) {
        process.stdout.write(`no place named "${name}"\n`);
      } else {
        const rows = found.map((e) => [
          e.id,
          e.name,
          e.country ?? '-',
          e.admin1 ?? '-',
          e.featureCode,
          `${e.lat.toFixed(4)},${e.lon.toFixed(4)}`,
          String(e.population),
          e.origin ?? 'default',
        ]);
        process.stdout.write(
          `${table(['id', 'name', 'country', 'admin1', 'kind', 'lat,lon', 'population', 'origin'], rows)}\n`,
        );
      }
      return found.length ? EXIT.ok : EXIT.notFound;
    }
    if (flags.aliasOf) {
      const target = (await app.gazetteer.index()).get(flags.aliasOf);
      if (!target)
        throw new InputError(`no gazetteer entry with id ${flags.aliasOf} (see vigil gazetteer lookup)`);
      await app.gazetteer.addAlias(name, target.id);
      process.stdout.write(`"${name}" is now another name for ${target.name} (${target.id})\n`);
      return EXIT.ok;
    }
    const lat = Number(flags.lat);
    const lon = Number(flags.lon);
    if (flags.lat === undefined || flags.lon === undefined)
      throw new UsageError('gazetteer add needs --lat and --lon (or --alias-of ID)');
    if (!Number.isFinite(lat) || lat < -90 || lat > 90)
      throw new UsageError(`--lat must be a number from -90 to 90, got "${flags.lat}"`);
    if (!Number.isFinite(lon) || lon < -180 || lon > 180)
      throw new UsageError(`--lon must be a number from -180 to 180, got "${flags.lon}"`);
    const entry: GazetteerEntry = {
      id: flags.id ?? `user:${foldName(name).replace(/\s+/g, '-') || 'place'}`,
      name,
      lat,
      lon,
      country: flags.country ? checkCountry(flags.country) : null,
      admin1: flags.admin1 ?? null,
      featureCode: flags.kind ?? 'PPL',
      population: 0,
      alternateNames: flags.alt
        ? flags.alt
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : [],
      origin: 'user',
    };
    await app.gazetteer.add([entry]);
    process.stdout.write(`added ${entry.name} (${entry.id}) at ${lat},${lon}\n`);
    return EXIT.ok;
  } finally {
    await app.close();
  }
}

function checkCountry(value: string): string {
  if (/^[A-Za-z]{2}$/.test(value)) return value.toUpperCase();
  const code = countryCode(value);
  if (!code)
    throw new UsageError(`--country must be an ISO code such as SY or a country name, got "${value}"`);
  return code;
}

function plain(e: GazetteerEntry) {
  const { id, name, lat, lon, country, admin1, featureCode, population, alternateNames, origin } = e;
  return {
    id,
    name,
    lat,
    lon,
    country,
    admin1,
    featureCode,
    population,
    alternateNames: alternateNames.slice(0, 20),
    origin: origin ?? 'default',
  };
}

import type { StyleSpecification } from 'maplibre-gl';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countries from 'world-atlas/countries-50m.json';

/** Natural Earth countries (1:50m, via world-atlas), bundled: the map needs no tile server. */
export const COUNTRIES = feature(
  countries as unknown as Topology,
  (countries as unknown as Topology).objects.countries as GeometryCollection<{ name: string }>,
) as GeoJSON.FeatureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon, { name: string }>;

/**
 * The offline basemap: sea, land and borders drawn from the bundled countries. No glyphs and
 * no sprite, so MapLibre makes no request at all; labels are HTML markers.
 */
export function basemapStyle(): StyleSpecification {
  return {
    version: 8,
    sources: { countries: { type: 'geojson', data: COUNTRIES } },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': '#dce9f2' } },
      { id: 'land', type: 'fill', source: 'countries', paint: { 'fill-color': '#f6f4ef' } },
      {
        id: 'borders',
        type: 'line',
        source: 'countries',
        paint: { 'line-color': '#b9b3a6', 'line-width': 0.8 },
      },
    ],
  };
}

/** Where to put a country's name: the centre of its largest ring's bounding box. */
export function labelPoints(): { name: string; lon: number; lat: number; size: number }[] {
  return COUNTRIES.features.map((f) => {
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    let best = { lon: 0, lat: 0, size: -1 };
    for (const poly of polys) {
      const ring = poly[0] ?? [];
      let [w, s, e, n] = [180, 90, -180, -90];
      for (const [x, y] of ring as [number, number][]) {
        w = Math.min(w, x);
        e = Math.max(e, x);
        s = Math.min(s, y);
        n = Math.max(n, y);
      }
      const size = (e - w) * (n - s);
      if (size > best.size) best = { lon: (w + e) / 2, lat: (s + n) / 2, size };
    }
    return { name: f.properties.name, ...best };
  });
}

import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef } from 'preact/hooks';
import type { Flow, Incident } from './api.ts';
import { basemapStyle, labelPoints } from './basemap.ts';
import { TYPE_COLORS } from './filters.ts';

// The worker ships with the build (a same-origin file), never from a CDN.
maplibregl.setWorkerUrl(workerUrl);

type Points = GeoJSON.FeatureCollection;

export interface MapProps {
  points: Points | null;
  conditions: Incident[];
  flows: Flow[];
  showConditions: boolean;
  showFlows: boolean;
  onOpen(id: string): void;
}

const EMPTY: Points = { type: 'FeatureCollection', features: [] };

const typeColor: maplibregl.ExpressionSpecification = [
  'match',
  ['get', 'type'],
  ...Object.entries(TYPE_COLORS).flat(),
  '#555555',
] as unknown as maplibregl.ExpressionSpecification;

/** Radius from a casualty figure: area grows with the number, so big ranges read as big. */
const radius = (figure: maplibregl.ExpressionSpecification): maplibregl.ExpressionSpecification => [
  'interpolate',
  ['linear'],
  figure,
  0,
  5,
  10,
  9,
  100,
  16,
  1000,
  26,
];

function conditionPoints(conditions: Incident[]): Points {
  return {
    type: 'FeatureCollection',
    features: conditions
      .filter((c) => c.place?.lat != null && c.place?.lon != null)
      .map((c) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [c.place!.lon!, c.place!.lat!] },
        properties: { id: c.id, subType: c.subType ?? 'condition' },
      })),
  };
}

/** Lines from origin to destination, and a triangle at each destination for the arrowhead. */
function flowShapes(flows: Flow[]): { lines: Points; heads: Points } {
  const lines: GeoJSON.Feature[] = [];
  const heads: GeoJSON.Feature[] = [];
  for (const f of flows) {
    const [x1, y1, x2, y2] = [f.from.lon, f.from.lat, f.to.lon, f.to.lat];
    const props = { id: f.incidentId, displaced: f.displaced?.text ?? '' };
    lines.push({
      type: 'Feature',
      geometry: {
        type: 'LineString',
        coordinates: [
          [x1, y1],
          [x2, y2],
        ],
      },
      properties: props,
    });
    const angle = Math.atan2(y2 - y1, x2 - x1);
    const len = Math.min(0.08, Math.hypot(x2 - x1, y2 - y1) / 3);
    const wing = (a: number): [number, number] => [
      x2 - len * Math.cos(angle + a),
      y2 - len * Math.sin(angle + a),
    ];
    heads.push({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [[[x2, y2], wing(0.45), wing(-0.45), [x2, y2]]] },
      properties: props,
    });
  }
  return {
    lines: { type: 'FeatureCollection', features: lines },
    heads: { type: 'FeatureCollection', features: heads },
  };
}

function addLayers(map: maplibregl.Map): void {
  map.addSource('incidents', {
    type: 'geojson',
    data: EMPTY,
    cluster: true,
    clusterRadius: 36,
    clusterMaxZoom: 9,
  });
  map.addSource('conditions', { type: 'geojson', data: EMPTY });
  map.addSource('flows', { type: 'geojson', data: EMPTY });
  map.addSource('flow-heads', { type: 'geojson', data: EMPTY });
  map.addLayer({
    id: 'flows',
    type: 'line',
    source: 'flows',
    paint: { 'line-color': '#1b7837', 'line-width': 2.5, 'line-opacity': 0.85, 'line-dasharray': [2, 1] },
  });
  map.addLayer({ id: 'flow-heads', type: 'fill', source: 'flow-heads', paint: { 'fill-color': '#1b7837' } });
  map.addLayer({
    id: 'conditions',
    type: 'circle',
    source: 'conditions',
    paint: {
      'circle-radius': 11,
      'circle-color': 'rgba(224,130,20,0.12)',
      'circle-stroke-color': '#e08214',
      'circle-stroke-width': 2.5,
    },
  });
  map.addLayer({
    id: 'clusters',
    type: 'circle',
    source: 'incidents',
    filter: ['has', 'point_count'],
    paint: {
      'circle-color': 'rgba(80,80,90,0.75)',
      'circle-radius': ['interpolate', ['linear'], ['get', 'point_count'], 2, 14, 50, 22, 500, 32],
      'circle-stroke-color': '#fff',
      'circle-stroke-width': 1.5,
    },
  });
  const kmin: maplibregl.ExpressionSpecification = ['coalesce', ['get', 'kmin'], 0];
  map.addLayer({
    id: 'incident-range',
    type: 'circle',
    source: 'incidents',
    filter: ['!', ['has', 'point_count']],
    paint: {
      'circle-radius': radius(['coalesce', ['get', 'kmax'], ['*', kmin, 2]]),
      'circle-color': typeColor,
      'circle-opacity': 0.22,
    },
  });
  map.addLayer({
    id: 'incidents',
    type: 'circle',
    source: 'incidents',
    filter: ['!', ['has', 'point_count']],
    paint: {
      'circle-radius': radius(kmin),
      'circle-color': typeColor,
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 1.2,
    },
  });
}

/** The incident map: clustered points coloured by type, conditions and displacement arrows. */
export function MapView(props: MapProps) {
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<maplibregl.Map | null>(null);
  const ready = useRef(false);
  const fitted = useRef(false);
  const markers = useRef(new Map<string, maplibregl.Marker>());
  const latest = useRef(props);
  latest.current = props;

  /** Puts the latest data on the map; the first time there are points, frames them. */
  const apply = () => {
    const m = map.current;
    if (!m || !ready.current) return;
    const { points } = latest.current;
    update(m, latest.current);
    // Tests and screenshots wait for this: how many points the map has finished drawing.
    box.current!.dataset.drawn = '';
    m.once('idle', () => {
      if (box.current) box.current.dataset.drawn = String(points?.features.length ?? 0);
    });
    if (!fitted.current && points && points.features.length > 0) {
      fitted.current = true;
      const b = new maplibregl.LngLatBounds();
      for (const f of points.features)
        b.extend((f.geometry as GeoJSON.Point).coordinates as [number, number]);
      m.fitBounds(b, { padding: 60, maxZoom: 9, duration: 0 });
    }
  };

  useEffect(() => {
    const m = new maplibregl.Map({
      container: box.current!,
      style: basemapStyle(),
      center: [36.1, 35.2],
      zoom: 6,
      attributionControl: { compact: true, customAttribution: 'Natural Earth' },
      maxPitch: 0,
    });
    map.current = m;
    m.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    const labels = labelPoints().map((p) => {
      const el = document.createElement('div');
      el.className = 'country-label';
      el.textContent = p.name;
      return { ...p, marker: new maplibregl.Marker({ element: el }).setLngLat([p.lon, p.lat]) };
    });
    const drawLabels = () => {
      const bounds = m.getBounds();
      const zoom = m.getZoom();
      for (const l of labels) {
        const show = l.size > 40 / 2 ** zoom && bounds.contains([l.lon, l.lat]);
        if (show && !l.marker.getElement().isConnected) l.marker.addTo(m);
        if (!show && l.marker.getElement().isConnected) l.marker.remove();
      }
    };
    const drawClusterCounts = () => {
      const seen = new Set<string>();
      for (const f of m.querySourceFeatures('incidents', { filter: ['has', 'point_count'] })) {
        const id = String(f.properties?.cluster_id);
        if (seen.has(id)) continue;
        seen.add(id);
        let marker = markers.current.get(id);
        if (!marker) {
          const el = document.createElement('div');
          el.className = 'cluster-count';
          el.textContent = String(f.properties?.point_count_abbreviated ?? f.properties?.point_count);
          marker = new maplibregl.Marker({ element: el }).setLngLat(
            (f.geometry as GeoJSON.Point).coordinates as [number, number],
          );
          markers.current.set(id, marker);
        }
        if (!marker.getElement().isConnected) marker.addTo(m);
      }
      for (const [id, marker] of markers.current) {
        if (!seen.has(id)) {
          marker.remove();
          markers.current.delete(id);
        }
      }
    };
    m.on('load', () => {
      addLayers(m);
      ready.current = true;
      apply();
      drawLabels();
    });
    m.on('moveend', drawLabels);
    m.on('render', () => {
      if (ready.current && m.isSourceLoaded('incidents')) drawClusterCounts();
    });
    for (const layer of ['incidents', 'incident-range', 'conditions', 'flows', 'flow-heads']) {
      m.on('click', layer, (e) => {
        const id = e.features?.[0]?.properties?.id;
        if (id) latest.current.onOpen(String(id));
      });
      m.on('mouseenter', layer, () => {
        m.getCanvas().style.cursor = 'pointer';
      });
      m.on('mouseleave', layer, () => {
        m.getCanvas().style.cursor = '';
      });
    }
    m.on('click', 'clusters', async (e) => {
      const f = e.features?.[0];
      if (!f) return;
      const source = m.getSource('incidents') as maplibregl.GeoJSONSource;
      const zoom = await source.getClusterExpansionZoom(f.properties?.cluster_id);
      m.easeTo({ center: (f.geometry as GeoJSON.Point).coordinates as [number, number], zoom });
    });
    return () => {
      ready.current = false;
      m.remove();
    };
  }, []);

  useEffect(apply, [props.points, props.conditions, props.flows, props.showConditions, props.showFlows]);

  return <div ref={box} class="map" data-testid="map" />;
}

function update(m: maplibregl.Map, props: MapProps): void {
  (m.getSource('incidents') as maplibregl.GeoJSONSource).setData(props.points ?? EMPTY);
  (m.getSource('conditions') as maplibregl.GeoJSONSource).setData(
    props.showConditions ? conditionPoints(props.conditions) : EMPTY,
  );
  const { lines, heads } = flowShapes(props.showFlows ? props.flows : []);
  (m.getSource('flows') as maplibregl.GeoJSONSource).setData(lines);
  (m.getSource('flow-heads') as maplibregl.GeoJSONSource).setData(heads);
}

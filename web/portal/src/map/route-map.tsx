// A map of stops, the legs between them and drivers, for any page that needs one (the move page; the
// drivers page, with drivers only). Leaflet is loaded when the first map mounts, never before. The tile layer comes
// from <meta name="handoff-tile-url"> (PORTAL_TILE_URL); without one the map draws its shapes on a
// plain background, which is enough to see the route and works offline. Every shape is an SVG path
// with a class (`map-stop map-stop-pickup`, `map-leg`, `map-driver`) so tests and styles can find it.
// The map is a picture of what the page also says in words: keyboard users pan and zoom it with
// Leaflet's own keys, and nothing on it is only reachable with a mouse.
import { useEffect, useRef, useState } from 'preact/hooks';
import type * as Leaflet from 'leaflet';
import './map.css';

export interface MapPoint {
  lat: number;
  lon: number;
  label: string;
  /** Adds the class `map-driver-<id>` to a driver's marker, to tell several apart. */
  id?: number;
}
export interface MapStop extends MapPoint {
  kind: 'pickup' | 'delivery';
}
export interface MapLeg {
  from: MapPoint;
  to: MapPoint;
  label: string;
}

interface RouteMapProps {
  /** The map's accessible name ("Map of move 12's route"). */
  label: string;
  stops: MapStop[];
  legs: MapLeg[];
  drivers: MapPoint[];
  /** 'always': each driver's label stays shown beside its marker (a map of drivers); default: on hover. */
  driverLabels?: 'hover' | 'always';
}

type L = typeof Leaflet;
interface MapHandle {
  L: L;
  map: Leaflet.Map;
  shapes: Leaflet.LayerGroup;
  /** The stops the map was last framed on. */
  fitted: string;
  /** Every point drawn, to frame again when the map's box changes size. */
  points: [number, number][];
}

export function tileUrl(): string | null {
  return document.querySelector('meta[name="handoff-tile-url"]')?.getAttribute('content') || null;
}

export function RouteMap({ label, stops, legs, drivers, driverLabels = 'hover' }: RouteMapProps) {
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<MapHandle | null>(null);
  const [failed, setFailed] = useState(false);
  const [ready, setReady] = useState(0);

  useEffect(() => {
    let live = true;
    let resized: ResizeObserver | undefined;
    import('./leaflet.ts').then(
      ({ default: L }) => {
        if (!live || !box.current) return;
        const tiles = tileUrl();
        const m = L.map(box.current, { attributionControl: !!tiles, preferCanvas: false, zoomSnap: 0.5 });
        if (tiles) L.tileLayer(tiles, { maxZoom: 19 }).addTo(m);
        const handle: MapHandle = { L, map: m, shapes: L.layerGroup().addTo(m), fitted: '', points: [] };
        map.current = handle;
        // A phone turned sideways, a column that reflows: Leaflet only watches the window, so the
        // map learns its new size here and frames the route again.
        resized = new ResizeObserver(() => {
          m.invalidateSize();
          frame(handle);
        });
        resized.observe(box.current);
        setReady((n) => n + 1);
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
      resized?.disconnect();
      map.current?.map.remove();
      map.current = null;
    };
  }, []);

  useEffect(() => {
    const current = map.current;
    if (!current) return;
    const { L, shapes } = current;
    shapes.clearLayers();
    for (const leg of legs) {
      L.polyline(
        [
          [leg.from.lat, leg.from.lon],
          [leg.to.lat, leg.to.lon],
        ],
        { className: 'map-leg', weight: 4, opacity: 0.8 },
      )
        .bindTooltip(leg.label)
        .addTo(shapes);
    }
    for (const s of stops) {
      L.circleMarker([s.lat, s.lon], { className: `map-stop map-stop-${s.kind}`, radius: 8, weight: 3, fillOpacity: 1 })
        .bindTooltip(s.label)
        .addTo(shapes);
    }
    for (const d of drivers) {
      L.circleMarker([d.lat, d.lon], { className: `map-driver${d.id === undefined ? '' : ` map-driver-${d.id}`}`, radius: 10, weight: 3, fillOpacity: 1 })
        .bindTooltip(d.label, driverLabels === 'always' ? { permanent: true, direction: 'right', className: 'map-driver-label' } : {})
        .addTo(shapes);
    }
    fit(current, stops, drivers);
  }, [ready, driverLabels, JSON.stringify([stops, legs, drivers])]);

  if (failed) return <p class="map-problem">The map could not be loaded; the stops are listed on this page.</p>;
  return <div ref={box} class="route-map" role="region" aria-label={label} />;
}

/**
 * Frames every stop and driver when the stops change or a driver is out of sight; not on every
 * driver move, which would keep yanking the view from a reader who panned or zoomed.
 */
function fit(current: MapHandle, stops: MapPoint[], drivers: MapPoint[]) {
  current.points = [...stops, ...drivers].map((p) => [p.lat, p.lon] as [number, number]);
  // Nothing to frame yet (a map of drivers before anyone reports): the first point sets the view.
  if (current.points.length === 0) return;
  const key = JSON.stringify(stops);
  // (getBounds needs a view: there is none before the first framing.)
  const hidden = current.fitted !== '' && drivers.some((d) => !current.map.getBounds().pad(-0.1).contains([d.lat, d.lon]));
  if (current.fitted === key && !hidden) return;
  current.fitted = key;
  frame(current);
}

/** Shows every point at once, without animating (a view half-way through a zoom helps nobody). */
function frame({ L, map, points }: MapHandle) {
  if (points.length === 1) map.setView(points[0]!, 13, { animate: false });
  else if (points.length > 1) map.fitBounds(L.latLngBounds(points), { padding: [24, 24], maxZoom: 15, animate: false });
}

// A delegate's route on a map: its waypoints in order, drawn with Leaflet over Natural Earth's outline of the
// country, both served by the Gateway. Map tiles only when the deployment configures a tile server
// (Map:TileUrl): by default the page asks nothing of any other host. Leaflet loads when the first map opens.
import { label, t } from './i18n.js';
import { el } from './shell.js';

const vietnam = '704';
let libraries;
let outline;

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`${src} did not load`));
    document.head.append(script);
  });
}

function loadLibraries() {
  if (!libraries) {
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = '/lib/leaflet/leaflet.css';
    document.head.append(css);
    libraries = Promise.all([loadScript('/lib/leaflet/leaflet.js'), loadScript('/lib/topojson/topojson-client.min.js')]);
  }
  return libraries;
}

/** Vietnam's outline from Natural Earth's 1:50m countries, read once. */
function countryOutline() {
  outline ??= fetch('/lib/world-atlas/countries-50m.json')
    .then((response) => response.json())
    .then((topology) => ({
      type: 'FeatureCollection',
      features: window.topojson.feature(topology, topology.objects.countries).features.filter((f) => f.id === vietnam),
    }));
  return outline;
}

function tileUrl() {
  return document.querySelector('meta[name="sessionops-map-tiles"]')?.content || null;
}

/** Opens the map of one route in a dialog; the waypoints without coordinates are listed under it. */
export async function showRouteMap({ person, route, destination }) {
  document.getElementById('route-map-dialog')?.remove();
  const dialog = el('dialog', 'dialog map-dialog');
  dialog.id = 'route-map-dialog';
  dialog.setAttribute('aria-labelledby', 'route-map-title');
  const title = el('h2', null, label('map.title', { name: person }));
  title.id = 'route-map-title';
  const canvas = el('div', 'route-map');
  canvas.id = 'route-map';
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', t('map.described', { n: route.waypoints.length, destination }));
  const located = route.waypoints.filter((w) => Number.isFinite(w.lat) && Number.isFinite(w.lon));
  const unplaced = route.waypoints.filter((w) => !located.includes(w));
  const close = el('button', 'button', label('map.close'));
  close.type = 'button';
  close.dataset.action = 'close';
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  dialog.append(title, canvas,
    el('ol', 'waypoint-list', ...route.waypoints.map((w) => el('li', located.includes(w) ? null : 'muted', w.name)), el('li', 'destination', destination)),
    unplaced.length ? el('p', 'muted', label('map.unplaced', { n: unplaced.length })) : null,
    el('div', 'dialog-actions', close));
  document.body.append(dialog);
  dialog.showModal();

  await loadLibraries();
  const L = window.L;
  const tiles = tileUrl();
  const path = located.map((w) => [w.lat, w.lon]);
  // The view first: Leaflet places the waypoints' labels as they are added.
  const map = L.map(canvas, { attributionControl: Boolean(tiles), zoomSnap: 0.25 });
  if (path.length) map.fitBounds(L.latLngBounds(path), { padding: [60, 60], maxZoom: 16 });
  else map.setView([16.2, 106.3], 5);
  if (tiles) L.tileLayer(tiles, { maxZoom: 19, attribution: '© OpenStreetMap' }).addTo(map);
  L.geoJSON(await countryOutline(), { style: { color: '#56b4e9', weight: 1.5, fillColor: '#16202b', fillOpacity: 0.6 } }).addTo(map);
  if (path.length) {
    L.polyline(path, { color: '#e69f00', weight: 5 }).addTo(map);
    located.forEach((w, i) => L.circleMarker([w.lat, w.lon], { radius: 8, color: '#fff', weight: 2, fillColor: '#e69f00', fillOpacity: 1 })
      .addTo(map)
      .bindTooltip(`${i + 1}. ${w.name}`, { permanent: true, direction: 'right', className: 'waypoint-tip' }));
  }
  canvas.dataset.ready = 'true';
  canvas.dataset.waypoints = String(located.length);
}

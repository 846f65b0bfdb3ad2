// Leaflet and its stylesheet, in a chunk of their own: only a page that shows a map imports this
// file (dynamically), so Leaflet's ~40 KB never reach another page's first load. The ES module
// build is imported (not the UMD main) so the bundler sees real exports.
import 'leaflet/dist/leaflet.css';
import * as L from 'leaflet/dist/leaflet-src.esm.js';

export default L;

// The portal's entry: mounts the app. The stylesheet is imported here so vite links it from index.html.
import { render } from 'preact';
import { App } from './app.tsx';
import './styles.css';

const root = document.getElementById('app');
if (root) render(<App />, root);

/** Entry of the web UI: global styles and the app. Everything page-specific loads lazily. */
import { render } from 'preact';
import { App } from './app';
import { startLoading } from './pages';
import './styles.css';

// the opened page's chunk and data start downloading before the shell first renders
startLoading(location.pathname);
render(<App />, document.getElementById('app')!);

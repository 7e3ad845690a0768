/** Entry of the web UI: global styles and the app. Everything page-specific loads lazily. */
import { render } from 'preact';
import { App } from './app';
import './styles.css';

render(<App />, document.getElementById('app')!);

/** Entry point of the console page. */
import { render } from 'preact';
import { App } from './app.js';
import './styles.css';
import './views.css';

render(<App />, document.getElementById('app')!);

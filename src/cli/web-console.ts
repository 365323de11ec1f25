/**
 * The web console in `serve`: the built page at `/`, calling the API at the base path. The
 * files are read on the first visit, so a missing build costs nothing until someone opens
 * the page (which then says how to build it).
 */
import { consoleHandler } from '../console/serve.js';
import type { ServeContext } from './hooks.js';

/** Mounts the console at `/` unless `CAMPSOFT_CONSOLE=0`. */
export function consoleExtension(ctx: ServeContext): void {
  const { config } = ctx;
  if (!config.console.enabled) return;
  const ui = consoleHandler({
    basePath: '',
    apiBasePath: config.basePath,
    ...(config.console.dir ? { dir: config.console.dir } : {}),
  });
  ctx.use((req, res) => {
    const answer = ui.handle({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: req.headers,
    });
    if (!answer) return false;
    res.writeHead(answer.status, answer.headers).end(answer.body);
    return true;
  });
}

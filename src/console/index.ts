/**
 * The web console's server side: serving the built single-page app. The page itself lives
 * in `app/` and is built into dist/console by `npm run build:console`.
 */
export { ConsoleNotBuiltError, defaultConsoleDir } from './files.js';
export {
  CONSOLE_CSP,
  type ConsoleHandler,
  type ConsoleHandlerOptions,
  type ConsoleRequest,
  type ConsoleResponse,
  consoleHandler,
} from './serve.js';

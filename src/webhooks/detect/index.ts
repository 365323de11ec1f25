/**
 * Change detection of `ixc-campsoft/webhooks`: the per-tenant watcher and its building
 * blocks.
 *
 * @packageDocumentation
 */
export { eventId } from './diff.js';
export type { WatcherMetrics } from './metrics.js';
export { ixcToIso, parseUtcOffset } from './time.js';
export {
  IxcWatcher,
  type IxcWatcherOptions,
  type PollResult,
  type SvaDetection,
} from './watcher.js';

/** The SVA side of the client: catalogue, activation, block, unblock, cancel. */
export { type ListSvasOptions, listSvas } from './catalogue.js';
export { KeyedMutex, processSvaLock, type SvaLock } from './lock.js';
export {
  chooseContrato,
  type PlannedStep,
  planAtivacao,
  planCancel,
  planStatus,
  type SvaPlan,
} from './plan.js';
export { type SvaCallOptions, SvaService, type SvaServiceDeps } from './service.js';

import type { SvaDryRun, SvaResult } from '../../schemas/domain/sva.js';
import type { SvaLock } from './lock.js';

/** What an SVA write method resolves to: the plan for `{ dryRun: true }`, else the result. */
export type SvaAnswer<O> = O extends { dryRun: true }
  ? SvaDryRun
  : O extends { dryRun: boolean }
    ? O extends { dryRun: false }
      ? SvaResult
      : SvaResult | SvaDryRun
    : SvaResult;

/** Client options of the SVA methods. */
export interface SvaClientOptions {
  /**
   * The lock SVA changes run under, per contract. Default: one in-process lock shared by
   * every client of the process. Give a cross-instance lock when several instances write to
   * the same IXC.
   */
  svaLock?: SvaLock;
}

/**
 * What each SVA error means to an HTTP caller. 404: the customer, the contract given or the
 * account is not there. 409: the request is valid but the customer's state does not allow it
 * as asked (several active contracts and none named; a deactivated account blocked or
 * unblocked). 422: the request can never succeed as sent (not an SVA, a cancelled contract, no
 * active contract). 502 `partial-write`: IXC failed part-way; `operations` lists exactly what
 * was done, and the same request again finishes the job. 503: the contract is busy with
 * another instance's change.
 */
import {
  isSvaAccountCancelledError,
  isSvaAccountNotFoundError,
  isSvaContractAmbiguousError,
  isSvaContractCancelledError,
  isSvaContractNotFoundError,
  isSvaProductNotSvaError,
  isSvaWriteError,
} from '../../errors.js';
import { isSvaLockTimeoutError } from '../sva-lock.js';
import { type ProblemWhere, type WriteAnswer, writeProblem } from '../write-problem.js';

/** The problem answer of an SVA error, or `null` for any other error. */
export function svaProblem(error: unknown, where: ProblemWhere): WriteAnswer | null {
  if (isSvaProductNotSvaError(error)) {
    return writeProblem(
      'unprocessable',
      `Product ${error.produtoId} cannot be activated as an SVA (${error.problem}); pick one from GET /svas.`,
      where,
      { reason: `product-${error.problem}`, produtoId: error.produtoId },
    );
  }
  if (isSvaContractAmbiguousError(error)) {
    return writeProblem(
      'conflict',
      `Customer ${error.clienteId} has several active contracts; send contratoId.`,
      where,
      { reason: 'contract-ambiguous', contratoIds: error.contratoIds },
    );
  }
  if (isSvaContractCancelledError(error)) {
    return writeProblem(
      'unprocessable',
      `Contract ${error.contratoId} is cancelled; an SVA cannot be added to it.`,
      where,
      { reason: 'contract-cancelled', contratoId: error.contratoId, contratoStatus: error.status },
    );
  }
  if (isSvaContractNotFoundError(error)) {
    return error.contratoId === null
      ? writeProblem(
          'unprocessable',
          `Customer ${error.clienteId} has no active contract.`,
          where,
          { reason: 'no-active-contract' },
        )
      : writeProblem(
          'not-found',
          `Contract ${error.contratoId} is not a contract of customer ${error.clienteId}.`,
          where,
          { reason: 'contract-not-found', contratoId: error.contratoId },
        );
  }
  if (isSvaAccountNotFoundError(error)) {
    return writeProblem(
      'not-found',
      `Customer ${error.clienteId} has no SVA account ${error.contaId}.`,
      where,
      { reason: 'account-not-found', contaId: error.contaId },
    );
  }
  if (isSvaAccountCancelledError(error)) {
    return writeProblem(
      'conflict',
      `SVA account ${error.contaId} is deactivated; activate the SVA again (POST) instead.`,
      where,
      { reason: 'account-cancelled', contaId: error.contaId },
    );
  }
  if (isSvaWriteError(error)) {
    return writeProblem(
      'partial-write',
      error.done.length
        ? 'IXC failed part-way through the change; `operations` lists what was done. Send the same request again to finish it.'
        : 'IXC failed before anything was written. Send the same request again.',
      where,
      {
        operations: error.done,
        failed: error.failed,
        pending: error.pending,
        applied: error.applied,
      },
    );
  }
  if (isSvaLockTimeoutError(error)) {
    return writeProblem(
      'lock-timeout',
      'Another change of this contract is running; retry shortly.',
      where,
      {},
      { 'retry-after': '1' },
    );
  }
  return null;
}

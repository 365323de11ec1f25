/**
 * Errors of the webhooks module.
 *
 * @packageDocumentation
 */
import { IxcCampsoftError } from '../errors.js';

/** Why a delivery failed verification. */
export type WebhookVerificationReason =
  | 'missing_headers'
  | 'invalid_timestamp'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'invalid_secret'
  | 'no_matching_signature';

/**
 * A received webhook did not verify: a header missing, the timestamp outside the tolerance,
 * or no signature made with the secret. Never carries the secret.
 *
 * @example
 * ```ts
 * try {
 *   verifyWebhook(raw, req.headers, secret);
 * } catch (err) {
 *   if (err instanceof WebhookVerificationError) res.status(400).end(err.reason);
 * }
 * ```
 */
export class WebhookVerificationError extends IxcCampsoftError {
  /** Machine-readable reason. */
  readonly reason: WebhookVerificationReason;

  constructor(reason: WebhookVerificationReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

/**
 * A management request was invalid (HTTP 400): `issues` lists what and where, as zod says.
 *
 * @example
 * ```ts
 * try {
 *   await service.createEndpoint({ url: 'ftp://x' });
 * } catch (err) {
 *   if (err instanceof WebhookInputError) console.log(err.status, err.issues);
 * }
 * ```
 */
export class WebhookInputError extends IxcCampsoftError {
  readonly status = 400;
  /** `{ path, message }` per problem. */
  readonly issues: { path: string; message: string }[];

  constructor(message: string, issues: { path: string; message: string }[] = []) {
    super(message);
    this.issues = issues;
  }
}

/**
 * The endpoint or delivery named does not exist (HTTP 404).
 *
 * @example
 * ```ts
 * await service.getEndpoint('ep_missing'); // throws WebhookNotFoundError
 * ```
 */
export class WebhookNotFoundError extends IxcCampsoftError {
  readonly status = 404;
}

/**
 * The SSRF guard refused a destination: a scheme other than https, or an address that is
 * private, loopback, link-local, CGNAT, multicast or reserved.
 *
 * @example
 * ```ts
 * assertDeliverableUrl('http://169.254.169.254/'); // throws WebhookDestinationError
 * ```
 */
export class WebhookDestinationError extends IxcCampsoftError {}

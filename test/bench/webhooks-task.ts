/**
 * Child-process entry for the webhooks figure (own heap, `--expose-gc`):
 * `webhooks-task.ts reconcile <clientes>` runs a full reconciliation of the contracts of a
 * generated dataset (`reconciliation` of test/webhooks/detect/measure.ts) and sends back IXC
 * requests, time and heap; `webhooks-task.ts idle <clientes>` measures an idle poll and a
 * poll after 50 contract changes (`measure` of the same file).
 */
import { measure, reconciliation } from '../webhooks/detect/measure.js';

const [kind, size] = [process.argv[2], Number(process.argv[3])];
// The measurement helpers print Markdown as they go; the figure prints its own lines.
console.log = () => undefined;
if (kind === 'reconcile') {
  process.send?.(await reconciliation(size));
} else if (kind === 'idle') {
  process.send?.(await measure(`${size} clientes`, size, 'ixc_logs', 'contrato', 50));
} else {
  throw new Error(`unknown task ${kind}`);
}
process.exit(0);

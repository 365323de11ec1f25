/**
 * The SVA catalogue and the results of SVA changes (activate, block, unblock, cancel), with
 * the IXC operations they made. zod is the source of truth; the types are inferred.
 */
import { z } from 'zod';
import { ContaSvaSchema, ProdutoClienteSchema } from './produto-cliente.js';

/** The SVA integration a product belongs to (IXC `sva_configuracoes`; secrets never read). */
export const SvaIntegracaoSchema = z
  .object({
    id: z
      .number()
      .int()
      .positive()
      .describe('`sva_configuracoes.id` (`sva_usuarios.id_integracao`).'),
    plataforma: z
      .string()
      .nullable()
      .describe('Platform name of the integration; `null` when IXC does not say.'),
  })
  .meta({ id: 'SvaIntegracao' });

/** The SVA integration of a product. */
export type SvaIntegracao = z.infer<typeof SvaIntegracaoSchema>;

/** An SVA product offered through Campsoft (an IXC `produtos` row that is an SVA). */
export const SvaSchema = z
  .object({
    id: z.number().int().positive().describe('`produtos.id`: the `produtoId` of `ativarSva`.'),
    nome: z.string(),
    codigo: z.string().nullable(),
    valor: z.number().nullable().describe('Catalogue price: the line price unless one is given.'),
    ativo: z.boolean(),
    pacoteId: z.number().int().nullable().describe('`id_sva_pacote`: the package at the platform.'),
    integracao: SvaIntegracaoSchema.nullable(),
  })
  .meta({ id: 'Sva' });

/** An SVA product offered through Campsoft. */
export type Sva = z.infer<typeof SvaSchema>;

/**
 * One IXC write, planned or made. In a plan, a value `"$<n>"` stands for the id IXC gives
 * operation `n` of the same list (an account's `id_produto_contrato` is the line inserted
 * just before). Secret columns are shown as `[REDACTED]`.
 */
export const IxcOperationSchema = z
  .object({
    method: z.enum(['POST', 'PUT', 'DELETE']),
    table: z.string(),
    id: z.number().int().positive().optional().describe('Row written by a PUT or a DELETE.'),
    body: z.record(z.string(), z.string()).optional(),
    result: z
      .enum(['done', 'skipped', 'recovered'])
      .optional()
      .describe(
        '`done`: IXC confirmed it; `recovered`: its answer was lost and a read showed it applied.',
      ),
    ixcId: z.number().int().positive().optional().describe('Id IXC gave an inserted row.'),
  })
  .meta({ id: 'IxcOperation' });

/** One IXC write, planned or made. */
export type IxcOperation = z.infer<typeof IxcOperationSchema>;

/** What an SVA change did. */
export const SvaOutcomeSchema = z.enum([
  'created',
  'reactivated',
  'unchanged',
  'blocked',
  'unblocked',
  'cancelled',
]);

/** What an SVA change did. */
export type SvaOutcome = z.infer<typeof SvaOutcomeSchema>;

/** The result of an SVA change: the account and product as `getProdutos` shows them. */
export const SvaResultSchema = z
  .object({
    outcome: SvaOutcomeSchema,
    conta: ContaSvaSchema,
    produto: ProdutoClienteSchema.nullable(),
    operations: z.array(IxcOperationSchema),
  })
  .meta({ id: 'SvaResult' });

/** The result of an SVA change. */
export type SvaResult = z.infer<typeof SvaResultSchema>;

/** What a dry run returns: the operations a change would make, none made. */
export const SvaDryRunSchema = z
  .object({
    dryRun: z.literal(true),
    outcome: SvaOutcomeSchema.describe('The outcome the change would have.'),
    contratoId: z.number().int().positive(),
    operations: z.array(IxcOperationSchema),
  })
  .meta({ id: 'SvaDryRun' });

/** What a dry run returns. */
export type SvaDryRun = z.infer<typeof SvaDryRunSchema>;

/** Input of `ativarSva` (and the body of `POST /clientes/{id}/svas`). */
export const AtivarSvaInputSchema = z
  .object({
    produtoId: z.number().int().positive().describe('The SVA (`produtos.id`, from `listSvas`).'),
    contratoId: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('The contract; required when the customer has several active ones.'),
    valor: z
      .number()
      .min(0)
      .max(1_000_000)
      .optional()
      .describe('Monthly price of the new line; the catalogue price when omitted.'),
    usuario: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters')
      .optional()
      .describe("Login at the platform; the customer's e-mail when omitted."),
  })
  .strict()
  .meta({ id: 'AtivarSvaInput' });

/** Input of `ativarSva`. */
export type AtivarSvaInput = z.input<typeof AtivarSvaInputSchema>;

import type { Database } from '../engine/database.js';
import type { WriteResult } from '../engine/execute.js';
import { IXC_JSON_TYPE, jsonResponse } from '../engine/responses.js';
import type { ActionContext, ButtonAnswer, ButtonParams, JobSettings } from './context.js';
import {
  aguardandoAssinatura,
  ativar,
  bloquearManual,
  cancelar,
  desbloqueioConfianca,
  financeiroEmAtraso,
  liberarManual,
  liberarTemporariamente,
  negativarBloquear,
} from './contract-buttons.js';
import { boleto, type ReceberInput, receber, removerMac } from './other-buttons.js';

const HANDLERS = {
  cliente_contrato_ativar_cliente: ativar,
  cliente_contrato_15300: bloquearManual,
  cliente_contrato_15464: liberarManual,
  cliente_contrato_15463: financeiroEmAtraso,
  cliente_contrato_23529: aguardandoAssinatura,
  desbloqueio_confianca: desbloqueioConfianca,
  cliente_contrato_btn_lib_temp_24722: liberarTemporariamente,
  desativar_cancelar_financeiro_nao_vencido: cancelar,
  negativar_bloquear: negativarBloquear,
  radusuarios_25452: removerMac,
} as const satisfies Record<string, (ctx: ActionContext, params: ButtonParams) => ButtonAnswer>;

/** An IXC button (action endpoint) the simulator answers at `/webservice/v1/<name>`. */
export type IxcButtonName = keyof typeof HANDLERS | 'get_boleto';

/** Who presses a button from a test (default: an operator in IXC's UI). */
export interface IxcButtonOptions {
  /** `ixc_logs.executou` of the change: `usuario` (default), `api` or `sistema`. */
  readonly executou?: 'usuario' | 'api' | 'sistema';
  /** `true` leaves `ultima_atualizacao` alone on the rows the button changes. */
  readonly keepUltimaAtualizacao?: boolean;
}

/** IXC's JSON answer to a button: `{type, message}` or, for `desbloqueio_confianca`, `{tipo, codigo, mensagem}`. */
export type IxcButtonAnswer = Readonly<Record<string, string>>;

/** `get_boleto` from a test: the PDF bytes, or IXC's error. */
export type IxcBoletoAnswer =
  | { readonly type: 'success'; readonly pdf: Uint8Array }
  | { readonly type: 'error'; readonly message: string };

/** A row id as IXC takes it: a number, or the string IXC itself sends. */
export type IxcId = string | number;

/**
 * IXC's buttons as engine methods: the same effects as the HTTP endpoints (status fields,
 * `dt_ult_*` dates, `ultima_atualizacao`, `ixc_logs`, `cliente_contrato_historico`), pressed
 * as an operator by default.
 *
 * @example
 * ```ts
 * engine.buttons.bloquearManual(8);              // contract 8 → status_internet CM
 * engine.buttons.desbloqueioConfianca(8);        // → { tipo: 'sucesso', codigo: '200', … }
 * engine.buttons.receber(45);                    // invoice 45 paid; next runJobs() releases
 * ```
 */
export interface IxcButtons {
  /** `cliente_contrato_ativar_cliente`: P → A, access A, `data_ativacao`, `dt_ult_ativacao`. */
  ativar(contratoId: IxcId, options?: IxcButtonOptions): IxcButtonAnswer;
  /** `cliente_contrato_15300`: access CM, `dt_ult_bloq_manual`. */
  bloquearManual(contratoId: IxcId, options?: IxcButtonOptions): IxcButtonAnswer;
  /** `cliente_contrato_15464`: access A. */
  liberarManual(contratoId: IxcId, options?: IxcButtonOptions): IxcButtonAnswer;
  /** `cliente_contrato_15463`: access FA, `dt_ult_finan_atraso`. */
  financeiroEmAtraso(contratoId: IxcId, options?: IxcButtonOptions): IxcButtonAnswer;
  /** `cliente_contrato_23529`: access AA. */
  aguardandoAssinatura(contratoId: IxcId, options?: IxcButtonOptions): IxcButtonAnswer;
  /** `desbloqueio_confianca`: codes 200, 106, 107, 109, 113. */
  desbloqueioConfianca(contratoId: IxcId, options?: IxcButtonOptions): IxcButtonAnswer;
  /** `cliente_contrato_btn_lib_temp_24722`: access A until `nao_bloquear_ate`. */
  liberarTemporariamente(contratoId: IxcId, options?: IxcButtonOptions): IxcButtonAnswer;
  /** `desativar_cancelar_financeiro_nao_vencido`: status I, access D, invoices not due → C. */
  cancelar(
    contratoId: IxcId,
    input?: { readonly data?: string; readonly motivo?: IxcId; readonly obs?: string },
    options?: IxcButtonOptions,
  ): IxcButtonAnswer;
  /** `negativar_bloquear`: status N, access CM, `data_negativacao`. */
  negativarBloquear(contratoId: IxcId, options?: IxcButtonOptions): IxcButtonAnswer;
  /** `radusuarios_25452`: the login's `mac` emptied. */
  removerMac(loginId: IxcId, options?: IxcButtonOptions): IxcButtonAnswer;
  /** `get_boleto`: the invoice's PDF. */
  boleto(areceberId: IxcId): IxcBoletoAnswer;
  /** Not an API button: the cashier's payment (`fn_areceber` status R). */
  receber(areceberId: IxcId, input?: ReceberInput & IxcButtonOptions): IxcButtonAnswer;
  /** Any button by name with its HTTP body, e.g. `press('cliente_contrato_15300', { id_contrato: 8 })`. */
  press(name: IxcButtonName, body: ButtonParams, options?: IxcButtonOptions): IxcButtonAnswer;
}

/** The engine's button machinery: test-side methods and the HTTP dispatcher. */
export interface ButtonPanel {
  readonly buttons: IxcButtons;
  isButton(name: string): boolean;
  /** Presses a button for an HTTP request; undefined when `name` is not a button. */
  http(
    name: string,
    params: ButtonParams,
    options: { readonly operador: string; readonly keepUltimaAtualizacao: boolean },
  ): WriteResult | undefined;
}

const isHandler = (name: string): name is keyof typeof HANDLERS => Object.hasOwn(HANDLERS, name);

/** Builds the buttons over the engine's current database (`db()` changes on reset). */
export function createButtonPanel(
  db: () => Database,
  settings: JobSettings,
  operador: string,
): ButtonPanel {
  const context = (options: IxcButtonOptions = {}, who = operador): ActionContext => ({
    db: db(),
    audit: { executou: options.executou ?? 'usuario', operador: who },
    keepUltimaAtualizacao: options.keepUltimaAtualizacao,
    settings,
  });
  const press = (name: IxcButtonName, body: ButtonParams, options?: IxcButtonOptions) => {
    if (name === 'get_boleto') throw new Error('Use buttons.boleto() for get_boleto');
    return HANDLERS[name](context(options), body).json;
  };
  const buttons: IxcButtons = {
    ativar: (id, o) => press('cliente_contrato_ativar_cliente', { id_contrato: id }, o),
    bloquearManual: (id, o) => press('cliente_contrato_15300', { id_contrato: id }, o),
    liberarManual: (id, o) => press('cliente_contrato_15464', { id_contrato: id }, o),
    financeiroEmAtraso: (id, o) => press('cliente_contrato_15463', { id_contrato: id }, o),
    aguardandoAssinatura: (id, o) => press('cliente_contrato_23529', { id_contrato: id }, o),
    desbloqueioConfianca: (id, o) => press('desbloqueio_confianca', { id }, o),
    liberarTemporariamente: (id, o) =>
      press('cliente_contrato_btn_lib_temp_24722', { get_id: id }, o),
    cancelar: (id, input = {}, o = {}) =>
      press(
        'desativar_cancelar_financeiro_nao_vencido',
        {
          id_contrato: id,
          data_cancelamento: input.data ?? '',
          motivo_cancelamento: input.motivo ?? '1',
          obs_cancelamento: input.obs ?? '',
        },
        o,
      ),
    negativarBloquear: (id, o) => press('negativar_bloquear', { id }, o),
    removerMac: (id, o) => press('radusuarios_25452', { get_id: id }, o),
    boleto(id) {
      const answer = boleto(context(), { boletos: id });
      return answer.ok
        ? { type: 'success', pdf: answer.pdf }
        : { type: 'error', message: answer.json.message ?? '' };
    },
    receber: (id, input = {}) => receber(context(input), String(id), input).json,
    press,
  };
  return {
    buttons,
    isButton: (name) => name === 'get_boleto' || isHandler(name),
    http(name, params, options) {
      const ctx = context(
        { executou: 'api', keepUltimaAtualizacao: options.keepUltimaAtualizacao || undefined },
        options.operador,
      );
      if (name === 'get_boleto') {
        const answer = boleto(ctx, params);
        if (!answer.ok) return { response: jsonResponse(answer.json), committed: false };
        if (answer.base64) {
          const text = Buffer.from(answer.pdf).toString('base64');
          return {
            response: { status: 200, headers: { 'content-type': IXC_JSON_TYPE }, body: text },
            committed: false,
          };
        }
        return {
          response: {
            status: 200,
            headers: { 'content-type': 'application/pdf' },
            body: Buffer.from(answer.pdf).toString('latin1'),
            binary: true,
          },
          committed: false,
        };
      }
      if (!isHandler(name)) return undefined;
      const answer = HANDLERS[name](ctx, params);
      return { response: jsonResponse(answer.json), committed: answer.committed };
    },
  };
}

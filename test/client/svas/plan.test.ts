/** The pure planners: from IXC rows to the writes an SVA change needs. */
import { describe, expect, it } from 'vitest';
import {
  chooseContrato,
  planAtivacao,
  planCancel,
  planStatus,
} from '../../../src/client/svas/index.js';
import type { AtivacaoState, ContaState } from '../../../src/client/svas/plan.js';
import { pickConta, reportSteps } from '../../../src/client/svas/plan.js';
import type { SvaContratoRow, SvaLinhaRow } from '../../../src/client/svas/rows.js';
import { resolveStep } from '../../../src/client/svas/run.js';
import {
  isSvaAccountCancelledError,
  isSvaContractAmbiguousError,
  isSvaContractCancelledError,
  isSvaContractNotFoundError,
} from '../../../src/index.js';

const contrato = (id: number, status: string): SvaContratoRow => ({
  id: String(id),
  contrato: '',
  tipo: 'I',
  status,
  status_internet: 'A',
  data_ativacao: '',
  data_cancelamento: '',
  ultima_atualizacao: '',
  id_cliente: '1',
  id_vd_contrato: '2',
  id_tipo_documento: '3',
});

const linha = (id: number, own: boolean): SvaLinhaRow => ({
  id: String(id),
  id_vd_contrato: own ? '0' : '2',
  id_contrato: own ? '1' : '0',
  id_plano: '0',
  tipo: 'SVA',
  descricao: 'Deezer',
  qtde: '1',
  valor_unit: '10.000000000',
  id_produto: '3',
});

const conta = (id: number, status: string, line: number) => ({
  id: String(id),
  id_contrato: '1',
  id_integracao: '1',
  id_produto_contrato: String(line),
  status_integracao: status,
  senha: 's3cret',
  user: 'maria@exemplo.com.br',
  ultima_atualizacao: '2025-01-01 00:00:00',
});

const state = (over: Partial<AtivacaoState> = {}): AtivacaoState => ({
  email: 'maria@exemplo.com.br',
  contrato: contrato(1, 'A'),
  sva: {
    id: 3,
    nome: 'Deezer Premium',
    codigo: null,
    valor: 10,
    ativo: true,
    pacoteId: null,
    integracao: { id: 1, plataforma: 'Campsoft' },
  },
  linhaContrato: undefined,
  linhaPlano: undefined,
  contas: [],
  ...over,
});

describe('chooseContrato', () => {
  const all = [
    contrato(1, 'A'),
    contrato(2, 'I'),
    contrato(3, 'A'),
    contrato(4, 'D'),
    contrato(5, 'P'),
  ];
  it('takes the contract given unless it is cancelled', () => {
    expect(chooseContrato(1, all, 5).id).toBe('5');
    expect(() => chooseContrato(1, all, 2)).toThrow(expect.objectContaining({ status: 'I' }));
    expect(isSvaContractCancelledError(catching(() => chooseContrato(1, all, 4)))).toBe(true);
    expect(isSvaContractNotFoundError(catching(() => chooseContrato(1, all, 9)))).toBe(true);
  });
  it('takes the only active contract, and refuses several or none', () => {
    expect(chooseContrato(1, all.slice(0, 2)).id).toBe('1');
    expect(isSvaContractAmbiguousError(catching(() => chooseContrato(1, all)))).toBe(true);
    expect(isSvaContractNotFoundError(catching(() => chooseContrato(1, [contrato(2, 'I')])))).toBe(
      true,
    );
  });
});

describe('planAtivacao', () => {
  it('inserts the line, then the account pointing at it', () => {
    const plan = planAtivacao(state());
    expect(plan.outcome).toBe('created');
    expect(plan.steps.map((s) => `${s.method} ${s.table}`)).toEqual([
      'POST vd_contratos_produtos',
      'POST sva_usuarios',
    ]);
    expect(plan.steps[0]?.body).toMatchObject({
      tipo: 'SVA',
      id_produto: '3',
      id_contrato: '1',
      valor_unit: '10.00',
      id_plano: '0',
      fixar_ip: '0',
      id_vd_contrato: '0',
      id_tipo_documento: '3',
    });
    expect(plan.steps[1]?.body?.id_produto_contrato).toBe('$0');
    expect(resolveStep(plan.steps[1]!, [41]).body?.id_produto_contrato).toBe('41');
    expect(resolveStep(plan.steps[1]!, [41]).key).toEqual({
      id_contrato: '1',
      id_produto_contrato: '41',
      id_integracao: '1',
    });
  });

  it('uses the line the contract or its plan already has', () => {
    for (const l of [linha(7, true), linha(8, false)]) {
      const over = l.id === '7' ? { linhaContrato: l } : { linhaPlano: l };
      const plan = planAtivacao(state(over));
      expect(plan.steps.map((s) => s.table)).toEqual(['sva_usuarios']);
      expect(plan.steps[0]?.body?.id_produto_contrato).toBe(l.id);
    }
  });

  it('is idempotent by state: active → nothing; blocked or deactivated → a full PUT', () => {
    const l = linha(7, true);
    expect(planAtivacao(state({ linhaContrato: l, contas: [conta(5, 'A', 7)] })).steps).toEqual([]);
    for (const status of ['B', 'D']) {
      const plan = planAtivacao(state({ linhaContrato: l, contas: [conta(5, status, 7)] }));
      expect(plan.outcome).toBe('reactivated');
      expect(plan.steps[0]).toMatchObject({ method: 'PUT', id: 5 });
      expect(plan.steps[0]?.body).toMatchObject({ senha: 's3cret', status_integracao: 'A' });
      expect(plan.steps[0]?.body).not.toHaveProperty('ultima_atualizacao');
      expect(reportSteps(plan.steps)[0]?.body?.senha).toBe('[REDACTED]');
    }
  });

  it('ignores accounts on other lines and prefers the active one of several', () => {
    const l = linha(7, true);
    const plan = planAtivacao(state({ linhaContrato: l, contas: [conta(5, 'A', 99)] }));
    expect(plan.outcome).toBe('created');
    expect(pickConta([conta(2, 'D', 7), conta(9, 'A', 7), conta(4, 'B', 7)])?.id).toBe('9');
  });

  it('uses the price and login given', () => {
    const plan = planAtivacao(state({ valor: 7.456, usuario: ' maria.x ' }));
    expect(plan.steps[0]?.body?.valor_unit).toBe('7.46');
    expect(plan.steps[1]?.body).toMatchObject({ user: 'maria.x', usar_email: 'N' });
  });
});

describe('planStatus and planCancel', () => {
  const s = (
    status: string,
    line?: SvaLinhaRow,
    outras: ContaState['outras'] = [],
  ): ContaState => ({
    conta: conta(5, status, 7),
    linha: line,
    outras,
  });
  it('blocks and unblocks once', () => {
    expect(planStatus(1, s('A'), 'B').outcome).toBe('blocked');
    expect(planStatus(1, s('B'), 'B').steps).toEqual([]);
    expect(planStatus(1, s('B'), 'A').outcome).toBe('unblocked');
    expect(isSvaAccountCancelledError(catching(() => planStatus(1, s('D'), 'A')))).toBe(true);
  });
  it('removes only the contract line no other live account uses, before the PUT', () => {
    expect(planCancel(s('A', linha(7, true))).steps.map((x) => x.method)).toEqual([
      'DELETE',
      'PUT',
    ]);
    expect(planCancel(s('A', linha(7, false))).steps.map((x) => x.method)).toEqual(['PUT']);
    expect(
      planCancel(s('A', linha(7, true), [conta(6, 'A', 7)])).steps.map((x) => x.method),
    ).toEqual(['PUT']);
    expect(planCancel(s('D', linha(7, true))).steps.map((x) => x.method)).toEqual(['DELETE']);
    expect(planCancel(s('D')).outcome).toBe('unchanged');
  });
});

function catching(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

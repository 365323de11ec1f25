import { describe, expect, it } from 'vitest';
import { createIxcEngine, type IxcEngine } from '../../src/testing/index.js';
import { grid, listar, write } from './helpers.js';

const DAY = 86_400_000;

/** An engine whose clock reads `day` at 12:00 in Brasília. */
function engineAt(day: string, options: Parameters<typeof createIxcEngine>[0] = {}): IxcEngine {
  const engine = createIxcEngine(options);
  engine.clock.set(`${day}T15:00:00Z`);
  return engine;
}

const access = (engine: IxcEngine, id: number) =>
  engine.tables.get('cliente_contrato', id)?.status_internet;

describe('automatic block by days past due', () => {
  it('FA after faAfterDays, CA after caAfterDays, for contracts with bloqueio_automatico', () => {
    // Contract 1's December invoice (due 2026-12-10) is its only open one.
    const engine = engineAt('2026-12-11', { jobs: { faAfterDays: 2, caAfterDays: 4 } });
    expect(engine.runJobs().financeiroAtraso).not.toContain('1');
    engine.clock.set('2026-12-12T15:00:00Z');
    const fa = engine.runJobs();
    expect(fa.financeiroAtraso).toContain('1');
    expect(engine.tables.get('cliente_contrato', 1)).toMatchObject({
      status_internet: 'FA',
      dt_ult_finan_atraso: '2026-12-12',
      ultima_atualizacao: '2026-12-12 12:00:00',
    });
    engine.clock.set('2026-12-14T15:00:00Z');
    expect(engine.runJobs().bloqueados).toContain('1');
    expect(engine.tables.get('cliente_contrato', 1)).toMatchObject({
      status_internet: 'CA',
      dt_ult_bloq_auto: '2026-12-14',
    });
    const log = engine.tables.find(
      'ixc_logs',
      (r) => r.tabela === 'cliente_contrato' && r.id_tabela === '1',
    );
    expect(log.at(-1)).toMatchObject({
      executou: 'sistema',
      operador: '0',
      campos: 'status_internet, dt_ult_bloq_auto',
    });
    expect(
      engine.tables
        .find('cliente_contrato_historico', (r) => r.id_contrato === '1')
        .map((r) => r.tipo),
    ).toEqual(['financeiro_atraso', 'bloqueio_automatico']);
  });

  it('leaves manual states, negativados and contracts without automatic block alone', () => {
    const engine = engineAt('2027-03-01');
    engine.tables.update('cliente_contrato', 2, { bloqueio_automatico: 'N' });
    const report = engine.runJobs();
    expect(report.bloqueados).not.toContain('2');
    expect(report.bloqueados).not.toContain('9'); // CM
    expect(report.bloqueados).not.toContain('6'); // status N
    expect(access(engine, 9)).toBe('CM');
    expect(access(engine, 1)).toBe('CA');
  });

  it('advance() steps day by day, so a long jump passes through FA before CA', () => {
    const engine = engineAt('2026-12-10');
    const report = engine.advance(20 * DAY);
    expect(report.financeiroAtraso).toContain('1');
    expect(report.bloqueados).toContain('1');
    expect(engine.clock.dateTime()).toBe('2026-12-30 12:00:00');
  });
});

describe('release after payment', () => {
  it('paying every overdue invoice releases the contract at the next run', () => {
    const engine = engineAt('2026-12-01');
    expect(engine.runJobs().bloqueados).toEqual(['16']);
    expect(access(engine, 16)).toBe('CA');
    for (const invoice of engine.tables.find(
      'fn_areceber',
      (r) => r.id_contrato === '16' && r.status === 'A' && (r.data_vencimento ?? '') < '2026-12-01',
    )) {
      expect(engine.buttons.receber(invoice.id ?? '').type).toBe('success');
    }
    const report = engine.runJobs();
    expect(report.liberados).toEqual(['16']);
    expect(access(engine, 16)).toBe('A');
  });

  it('a payment written over HTTP (full-record PUT, status R) releases too', async () => {
    const engine = engineAt('2026-12-01');
    const open = engine.tables.find(
      'fn_areceber',
      (r) => r.id_contrato === '3' && r.status === 'A' && (r.data_vencimento ?? '') < '2026-12-01',
    );
    for (const invoice of open) {
      const answer = await write(
        engine,
        'PUT',
        'fn_areceber',
        { ...invoice, status: 'R', valor_aberto: '0', valor_recebido: invoice.valor },
        invoice.id,
      );
      expect(answer.type).toBe('success');
    }
    expect(engine.runJobs().liberados).toContain('3');
    expect(access(engine, 3)).toBe('A');
  });
});

describe('temporary and trust releases expire', () => {
  it('a temporary release holds until nao_bloquear_ate, then the block returns', () => {
    const engine = engineAt('2026-12-01');
    engine.buttons.liberarTemporariamente(3);
    expect(engine.advance(2 * DAY).bloqueados).not.toContain('3');
    expect(access(engine, 3)).toBe('A');
    const report = engine.advance(2 * DAY);
    expect(report.expirados).toContain('3');
    expect(report.bloqueados).toContain('3');
    expect(engine.tables.get('cliente_contrato', 3)).toMatchObject({
      status_internet: 'CA',
      nao_bloquear_ate: '0000-00-00',
    });
  });

  it('a trust unblock settled by payment allows the next one', () => {
    const engine = engineAt('2026-12-01');
    expect(engine.buttons.desbloqueioConfianca(3).codigo).toBe('200');
    for (const invoice of engine.tables.find(
      'fn_areceber',
      (r) => r.id_contrato === '3' && r.status === 'A' && (r.data_vencimento ?? '') < '2026-12-01',
    )) {
      engine.buttons.receber(invoice.id ?? '');
    }
    engine.runJobs();
    expect(engine.tables.get('cliente_contrato', 3)?.desbloqueio_confianca_ativo).toBe('N');
  });
});

describe('the ultima_atualizacao switch', () => {
  it('runJobs({ keepUltimaAtualizacao: true }) changes status but not the stamp', () => {
    const engine = engineAt('2026-12-01');
    const before = engine.tables.get('cliente_contrato', 16)?.ultima_atualizacao;
    engine.runJobs({ keepUltimaAtualizacao: true });
    expect(engine.tables.get('cliente_contrato', 16)).toMatchObject({
      status_internet: 'CA',
      ultima_atualizacao: before,
    });
    // ixc_logs still records the change: code that follows the log sees it.
    expect(engine.tables.rows('ixc_logs').at(-1)).toMatchObject({
      executou: 'sistema',
      id_tabela: '16',
    });
  });

  it('an engine policy can freeze it for jobs only', () => {
    const engine = engineAt('2026-12-01', {
      keepUltimaAtualizacao: (change) => change.executou === 'sistema',
    });
    const before = engine.tables.get('cliente_contrato', 16)?.ultima_atualizacao;
    engine.runJobs();
    expect(engine.tables.get('cliente_contrato', 16)?.ultima_atualizacao).toBe(before);
    engine.buttons.bloquearManual(1);
    expect(engine.tables.get('cliente_contrato', 1)?.ultima_atualizacao).toBe(
      '2026-12-01 12:00:00',
    );
  });
});

describe('the clock', () => {
  it('is settable, advanceable, and never goes back', () => {
    const engine = createIxcEngine({ now: () => new Date(Date.UTC(2026, 0, 1, 3)) });
    expect(engine.clock.dateTime()).toBe('2026-01-01 00:00:00');
    engine.advance(90_000);
    expect(engine.clock.dateTime()).toBe('2026-01-01 00:01:30');
    engine.clock.set(new Date(Date.UTC(2026, 5, 1, 15)));
    expect(engine.clock.date()).toBe('2026-06-01');
    expect(() => engine.advance(-1)).toThrow(/forward/);
    expect(() => engine.clock.set('ontem')).toThrow(/Invalid clock/);
  });
});

describe('job changes as a poller sees them over HTTP', () => {
  it('shows up in ultima_atualizacao >= watermark and in ixc_logs with executou sistema', async () => {
    const engine = engineAt('2026-12-01');
    engine.runJobs();
    const changed = await listar(engine, 'cliente_contrato', {
      qtype: 'cliente_contrato.ultima_atualizacao',
      query: '2026-12-01 00:00:00',
      oper: '>=',
    });
    expect(changed.registros?.map((r) => [r.id, r.status_internet])).toEqual([['16', 'CA']]);
    const logs = await listar(engine, 'ixc_logs', {
      qtype: 'ixc_logs.tabela',
      query: 'cliente_contrato',
      oper: '=',
      grid_param: grid(
        { TB: 'ixc_logs.executou', OP: '=', P: 'sistema' },
        { TB: 'ixc_logs.data', OP: '>=', P: '2026-12-01 00:00:00' },
      ),
    });
    expect(logs.registros?.map((r) => r.id_tabela)).toEqual(['16']);
  });
});

import type { IxcDatasetRow } from './types.js';

/** The demo's three historical `ixc_logs` rows (ids 1–3). */
export function demoLogs(): IxcDatasetRow[] {
  return [
    ['2025-06-01 08:00:00', 'usuario', 'editou', 'cliente', '7', 'email, telefone_celular'],
    ['2025-06-02 10:30:00', 'sistema', 'editou', 'cliente_contrato', '3', 'status_internet'],
    [
      '2025-06-03 16:45:00',
      'api',
      'inseriu',
      'sva_usuarios',
      '5',
      'id_contrato, id_integracao, user',
    ],
  ].map(([data, executou, tipo, tabela, idTabela, campos], i) => ({
    id: String(i + 1),
    data: data ?? '',
    executou: executou ?? '',
    tipo: tipo ?? '',
    operador: '1',
    tabela: tabela ?? '',
    id_tabela: idTabela ?? '',
    campos: campos ?? '',
  }));
}

/** `cliente_contrato_historico` rows explaining the demo's blocked contracts (ids 1–4). */
export function demoContractHistory(): IxcDatasetRow[] {
  return [
    ['3', '3', 'bloqueio_automatico', '2025-05-12 03:00:00', 'Bloqueio automático por atraso.'],
    ['6', '6', 'financeiro_atraso', '2025-05-15 03:00:00', 'Contrato em financeiro em atraso.'],
    ['7', '9', 'bloqueio_manual', '2025-05-20 16:45:00', 'Bloqueio manual a pedido do cliente.'],
    ['12', '16', 'financeiro_atraso', '2025-05-15 03:00:00', 'Contrato em financeiro em atraso.'],
  ].map(([cliente, contrato, tipo, data, historico], i) => ({
    id: String(i + 1),
    id_cliente: cliente ?? '',
    id_contrato: contrato ?? '',
    tipo: tipo ?? '',
    data: data ?? '',
    historico: historico ?? '',
    operador: tipo === 'bloqueio_manual' ? '1' : '0',
  }));
}

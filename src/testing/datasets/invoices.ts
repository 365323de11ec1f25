import { money2 } from './catalogue.js';
import type { IxcDatasetRow } from './types.js';

/** What the demo bills a contract: its id, customer, monthly value and standing. */
export interface BilledContract {
  readonly id: string;
  readonly cliente: string;
  readonly valor: number;
  /** `paid`: every past invoice received; `overdue`: October and November still open. */
  readonly standing: 'paid' | 'overdue' | 'cancelled';
}

const MONTHS = ['2026-09', '2026-10', '2026-11', '2026-12'] as const;

/** A 47-digit linha digitável shaped like a bank slip's, derived from the invoice. */
function linhaDigitavel(id: number, valor: number, vencimento: string): string {
  const digits = (n: number, width: number): string => String(n % 10 ** width).padStart(width, '0');
  const cents = Math.round(valor * 100);
  const dueFactor = 9000 + (Math.round(Date.parse(vencimento) / 86_400_000) % 1000);
  return (
    `34191.${digits(79001 + id, 5)} ${digits(1043510 + id * 7, 5)}.${digits(47910 + id, 6)} ` +
    `${digits(91020 + id * 3, 5)}.${digits(150008 + id, 6)} ${id % 9} ${dueFactor}${digits(cents, 10)}`
  );
}

function invoice(
  id: number,
  contract: BilledContract,
  vencimento: string,
  status: 'A' | 'R' | 'C',
): IxcDatasetRow {
  const valor = money2(contract.valor);
  const emissao = `${vencimento.slice(0, 8)}01`;
  const row: IxcDatasetRow = {
    id: String(id),
    id_cliente: contract.cliente,
    id_contrato: contract.id,
    filial_id: '1',
    id_carteira_cobranca: '1',
    data_emissao: emissao,
    data_vencimento: vencimento,
    valor,
    valor_aberto: status === 'A' ? valor : '0.00',
    valor_recebido: status === 'R' ? valor : '0.00',
    valor_cancelado: status === 'C' ? valor : '0.00',
    status,
    liberado: 'S',
    documento: `${contract.id}/${vencimento.slice(0, 7)}`,
    nn_boleto: String(10_000_000 + id * 13),
    linha_digitavel: linhaDigitavel(id, contract.valor, vencimento),
    pix_txid: `IXCDEMO${String(id).padStart(8, '0')}`,
    tipo_recebimento: status === 'R' ? 'Boleto' : '',
    impresso: 'S',
    ultima_atualizacao: `${emissao} 06:00:00`,
  };
  if (status === 'R') {
    const paid = `${vencimento.slice(0, 8)}0${(id % 8) + 1}`;
    row.pagamento_data = paid;
    row.pagamento_valor = valor;
    row.ultima_atualizacao = `${paid} 18:30:00`;
  }
  if (status === 'C') {
    row.data_cancelamento = '2024-12-31';
    row.motivo_cancelamento = '2';
  }
  return row;
}

/**
 * Four monthly invoices (due on the 10th, September to December 2026) per billed contract:
 * paid-up contracts owe only December; overdue ones also owe October and November; cancelled
 * contracts carry one cancelled invoice.
 */
export function demoInvoices(contracts: readonly BilledContract[]): IxcDatasetRow[] {
  const rows: IxcDatasetRow[] = [];
  for (const contract of contracts) {
    if (contract.standing === 'cancelled') {
      rows.push(invoice(rows.length + 1, contract, '2025-01-10', 'C'));
      continue;
    }
    for (const [i, month] of MONTHS.entries()) {
      const open = i === 3 || (contract.standing === 'overdue' && i > 0);
      rows.push(invoice(rows.length + 1, contract, `${month}-10`, open ? 'A' : 'R'));
    }
  }
  return rows;
}

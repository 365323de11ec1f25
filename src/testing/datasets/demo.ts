import { trustDataset } from '../engine/seed.js';
import {
  CAMPSOFT_INTEGRATION_ID,
  catalogueIntegrations,
  cataloguePlans,
  catalogueProducts,
  catalogueSpeedPlans,
  type LineSpec,
  lineRow,
  money2,
  PLANS,
  PRODUCT,
} from './catalogue.js';
import { formatCnpj, formatCpf } from './documents.js';
import { demoContractHistory, demoLogs } from './history.js';
import { type BilledContract, demoInvoices } from './invoices.js';
import type { IxcDataset, IxcDatasetRow } from './types.js';

/** [razao, fantasia, F|J, document base, Sexo, nascimento, cidade, ativo, cadastro] */
type CustomerSpec = readonly [
  string,
  string,
  'F' | 'J',
  number,
  string,
  string,
  0 | 1 | 2 | 3,
  'S' | 'N',
  string,
];

const CUSTOMERS: readonly CustomerSpec[] = [
  ['Maria Aparecida da Silva', '', 'F', 123456789, 'F', '1978-03-12', 0, 'S', '2019-02-11'],
  ['João Pedro Oliveira', '', 'F', 234567891, 'M', '1990-07-25', 0, 'S', '2019-05-20'],
  ['Ana Beatriz Santos', '', 'F', 345678912, 'F', '1985-11-02', 1, 'S', '2020-01-08'],
  ['Carlos Eduardo Souza', '', 'F', 456789123, 'M', '1972-01-30', 1, 'S', '2025-05-02'],
  [
    'Padaria Pão Dourado Ltda',
    'Padaria Pão Dourado',
    'J',
    12345678,
    '',
    '0000-00-00',
    0,
    'S',
    '2020-06-15',
  ],
  ['Fernanda Lima Costa', '', 'F', 567891234, 'F', '1995-09-14', 2, 'S', '2021-03-03'],
  ['Ricardo Almeida Ferreira', '', 'F', 678912345, 'M', '1982-04-18', 0, 'S', '2018-10-22'],
  ['Juliana Rodrigues Pereira', '', 'F', 789123456, 'F', '1988-12-05', 2, 'N', '2018-04-17'],
  ['Lucas Gabriel Martins', '', 'F', 891234567, 'M', '2000-06-21', 3, 'S', '2023-08-09'],
  ['Patrícia Gomes Ribeiro', '', 'F', 912345678, 'F', '1969-02-27', 3, 'S', '2021-11-30'],
  [
    'Oficina Mecânica Boa Viagem ME',
    'Boa Viagem Auto',
    'J',
    23456789,
    '',
    '0000-00-00',
    1,
    'S',
    '2022-02-14',
  ],
  ['Marcos Vinícius Carvalho', '', 'F', 135792468, 'M', '1993-10-10', 0, 'S', '2022-07-01'],
  [
    'Escola Pequeno Saber Ltda',
    'Escola Pequeno Saber',
    'J',
    34567890,
    '',
    '0000-00-00',
    2,
    'S',
    '2021-01-19',
  ],
  ['Camila Fernandes Rocha', '', 'F', 246813579, 'F', '1998-05-08', 3, 'S', '2025-06-10'],
  ['José Antônio Barbosa', '', 'F', 975318642, 'M', '1958-08-16', 1, 'N', '2017-09-05'],
];

/** [cidade id, uf id, cep prefix, bairro, street]: São Paulo, Campinas, Belo Horizonte, Curitiba. */
const PLACES = [
  ['1', '26', '01310', 'Bela Vista', 'Avenida Paulista'],
  ['2', '26', '13015', 'Centro', 'Rua Barão de Jaguara'],
  ['3', '13', '30130', 'Funcionários', 'Rua da Bahia'],
  ['4', '18', '80010', 'Centro', 'Rua XV de Novembro'],
] as const;

function asciiSlug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');
}

function customerRow(spec: CustomerSpec, index: number): IxcDatasetRow {
  const [razao, fantasia, tipo, doc, sexo, nascimento, place, ativo, cadastro] = spec;
  const id = index + 1;
  const [cidade, uf, cep, bairro, rua] = PLACES[place] ?? PLACES[0];
  const email = `${asciiSlug(fantasia || razao)
    .split('.')
    .slice(0, 2)
    .join('.')}@exemplo.com.br`;
  const phone = `(${['11', '19', '31', '41'][place]}) 9${8100 + id * 37}-${1000 + id * 71}`;
  return {
    id: String(id),
    ativo,
    razao,
    fantasia,
    tipo_pessoa: tipo,
    cnpj_cpf: tipo === 'F' ? formatCpf(doc) : formatCnpj(doc),
    ie_identidade:
      tipo === 'F'
        ? `${String(10 + id).padStart(2, '0')}.${String(345 + id)}.678-${id % 10}`
        : 'ISENTO',
    data_nascimento: nascimento,
    Sexo: sexo,
    email,
    hotsite_email: email,
    senha: `Segredo#${String(id).padStart(4, '0')}`,
    fone: tipo === 'J' ? phone.replace(') 9', ') 3') : '',
    telefone_celular: phone,
    whatsapp: phone,
    cep: `${cep}-${String(100 + id * 7).padStart(3, '0')}`,
    endereco: rua,
    numero: String(100 + id * 13),
    complemento: id % 3 === 0 ? `Apto ${id}2` : '',
    bairro,
    cidade,
    uf,
    tipo_localidade: 'U',
    tipo_assinante: tipo === 'J' ? '1' : '3',
    iss_classificacao_padrao: '99',
    contribuinte_icms: tipo === 'J' ? 'I' : 'N',
    filial_id: '1',
    crm: 'N',
    participa_cobranca: 'S',
    data_cadastro: cadastro,
    ultima_atualizacao: `2025-0${1 + (id % 9)}-${String(10 + id).padStart(2, '0')} 14:${String(10 + id * 3).slice(-2)}:00`,
  };
}

/** [id_cliente, plano, status, status_internet, ativação] — contract ids are the positions + 1. */
type ContractSpec = readonly [number, number, 'P' | 'A' | 'I' | 'N' | 'D', string, string];

const CONTRACTS: readonly ContractSpec[] = [
  [1, 1, 'A', 'A', '2019-02-20'],
  [2, 2, 'A', 'A', '2019-06-01'],
  [3, 3, 'A', 'CA', '2020-01-15'],
  [4, 12, 'P', 'AA', '0000-00-00'],
  [5, 11, 'A', 'A', '2020-06-20'],
  [6, 1, 'N', 'FA', '2021-03-10'],
  [6, 5, 'A', 'A', '2021-03-10'],
  [7, 3, 'A', 'A', '2018-11-01'],
  [7, 1, 'A', 'CM', '2019-04-15'],
  [7, 8, 'A', 'A', '2023-02-01'],
  [7, 5, 'I', 'D', '2019-01-10'],
  [8, 4, 'I', 'D', '2018-04-20'],
  [9, 2, 'D', 'D', '0000-00-00'],
  [10, 9, 'A', 'A', '2022-01-05'],
  [11, 11, 'A', 'A', '2022-02-20'],
  [12, 2, 'A', 'FA', '2022-07-10'],
  [13, 7, 'A', 'A', '2021-01-25'],
  [14, 1, 'P', 'AA', '0000-00-00'],
  [3, 10, 'I', 'D', '2021-06-01'],
  [10, 12, 'A', 'A', '2023-09-12'],
  [13, 11, 'A', 'A', '2021-02-01'],
];

/** Contract whose own product lines replace its plan's (the only one in the demo). */
export const DEMO_CONTRACT_WITH_OWN_LINES = 9;

function contractRow(spec: ContractSpec, index: number): IxcDatasetRow {
  const [cliente, plano, status, internet, ativacao] = spec;
  const id = index + 1;
  const plan = PLANS[plano - 1];
  const row: IxcDatasetRow = {
    id: String(id),
    tipo: plan?.tipo ?? 'I',
    id_cliente: String(cliente),
    id_vd_contrato: String(plano),
    contrato: plan?.nome ?? '',
    id_tipo_contrato: '1',
    id_modelo: '1',
    id_filial: '1',
    data_assinatura: ativacao,
    data_ativacao: ativacao,
    data: ativacao === '0000-00-00' ? '2025-06-01' : ativacao,
    status,
    status_internet: internet,
    status_velocidade: 'N',
    tipo_produtos_plano: id === DEMO_CONTRACT_WITH_OWN_LINES ? 'PRO' : 'P',
    motivo_inclusao: 'I',
    id_tipo_documento: '1',
    id_carteira_cobranca: '1',
    id_vendedor: '1',
    cc_previsao: 'P',
    tipo_cobranca: 'P',
    renovacao_automatica: 'S',
    base_geracao_tipo_doc: 'P',
    bloqueio_automatico: 'S',
    aviso_atraso: 'S',
    fidelidade: plan?.tipo === 'I' ? '12' : '0',
    endereco_padrao_cliente: 'S',
    data_cadastro_sistema: `${ativacao === '0000-00-00' ? '2025-06-01' : ativacao} 10:00:00`,
    ultima_atualizacao: `2025-06-${String(1 + (id % 28)).padStart(2, '0')} 08:${String(id * 2).padStart(2, '0')}:00`,
  };
  if (status === 'A' && ativacao !== '0000-00-00') row.dt_ult_ativacao = ativacao;
  if (internet === 'CA') row.dt_ult_bloq_auto = '2025-05-12';
  if (internet === 'CM') row.dt_ult_bloq_manual = '2025-05-20';
  if (internet === 'FA') row.dt_ult_finan_atraso = '2025-05-15';
  if (status === 'I') {
    row.data_cancelamento = '2024-12-31';
    row.data_acesso_desativado = '2024-12-31';
    row.motivo_cancelamento = '2';
    row.obs_cancelamento = 'Cancelado a pedido do cliente';
  }
  if (status === 'N') row.data_negativacao = '2025-04-01';
  if (status === 'D') row.data_desistencia = '2025-03-18';
  return row;
}

/** Own lines of contract 9 (ids 25–27), overriding plan 1's single internet line. */
const OWN_LINES: readonly LineSpec[] = [
  ['I', '1', '0', 'Internet Fibra 300 Mega (condição especial)', 89.9],
  ['SVA', '0', '3', 'Deezer Premium', 9.9],
  ['S', '0', PRODUCT.fixedIp, 'IP fixo', 25],
];

function service(
  id: number,
  contract: number,
  kind: 'A' | 'D',
  product: string,
  descricao: string,
  value: number,
  extra: IxcDatasetRow = {},
): IxcDatasetRow {
  return {
    id: String(id),
    tipo: kind === 'A' ? 'S' : '',
    id_contrato: String(contract),
    id_produto: product,
    descricao,
    id_unidade: '1',
    quantidade: '1',
    valor_unitario: money2(value),
    valor_total: money2(value),
    repetir: 'S',
    data: '2024-02-01',
    status: 'A',
    status_nf21: 'A',
    tipo_acres_desc: kind,
    ultima_atualizacao: '2024-02-01 11:30:00',
    ...extra,
  };
}

/** [id_contrato, id_produto_contrato (line id or "0"), status_integracao] in id order. */
const SVA_ACCOUNTS: readonly (readonly [number, string, 'A' | 'B' | 'D'])[] = [
  [8, '5', 'A'],
  [8, '6', 'A'],
  [8, '0', 'A'],
  [8, '0', 'B'],
  [9, '26', 'B'],
  [10, '13', 'A'],
  [10, '14', 'D'],
  [2, '3', 'A'],
  [14, '16', 'A'],
  [19, '19', 'D'],
  [3, '5', 'B'],
];

/** A stable, locally administered MAC per login. */
function macOf(n: number): string {
  const hex = (v: number): string => v.toString(16).toUpperCase().padStart(2, '0');
  return `02:1A:${hex(0x30 + n)}:${hex((n * 37) % 256)}:${hex((n * 91) % 256)}:${hex(n)}`;
}

/** How the demo bills a contract (nothing for pre-contracts and withdrawn ones). */
function billing(contract: IxcDatasetRow): BilledContract[] {
  const id = contract.id ?? '';
  const plano = PLANS[Number(contract.id_vd_contrato) - 1];
  const lines = id === String(DEMO_CONTRACT_WITH_OWN_LINES) ? OWN_LINES : (plano?.lines ?? []);
  const valor = Math.round(lines.reduce((sum, l) => sum + l[4], 0) * 100) / 100;
  const base = { id, cliente: contract.id_cliente ?? '', valor };
  const { status, status_internet: internet } = contract;
  if (status === 'P' || status === 'D') return [];
  if (status === 'I') return [{ ...base, standing: 'cancelled' }];
  const overdue = status === 'N' || internet === 'FA' || internet === 'CA';
  return [{ ...base, standing: overdue ? 'overdue' : 'paid' }];
}

/**
 * The deterministic demo IXC: Campsoft's catalogue of 25 SVAs, 12 plans, the 15 customers it
 * shares with IXC and their 21 contracts. Every call returns fresh objects. See
 * `src/testing/datasets/README.md` for the ids tests can rely on.
 *
 * @example
 * ```ts
 * const engine = createIxcEngine({ dataset: demoDataset() });
 * engine.tables.get('cliente', 7)?.razao; // 'Ricardo Almeida Ferreira'
 * ```
 */
export function demoDataset(): IxcDataset {
  const { plans, lines } = cataloguePlans();
  for (const [i, spec] of OWN_LINES.entries()) {
    lines.push(
      lineRow(
        25 + i,
        { contract: String(DEMO_CONTRACT_WITH_OWN_LINES) },
        spec,
        '2024-03-10 15:20:00',
      ),
    );
  }
  const customers = CUSTOMERS.map(customerRow);
  const contracts = CONTRACTS.map(contractRow);
  const services = [
    service(1, 8, 'A', '1', 'Campsoft Cursos', 9.9),
    service(2, 8, 'A', '4', 'Kaspersky Standard', 9.9),
    service(3, 8, 'D', '0', 'Desconto fidelidade', 10, { id_produto_contrato_vinc: '4' }),
    service(4, 14, 'A', '16', 'Controle Parental', 4.9),
  ];
  const accounts = SVA_ACCOUNTS.map(([contract, line, status], i) => {
    const owner = customers[(CONTRACTS[contract - 1]?.[0] ?? 1) - 1];
    return {
      id: String(i + 1),
      id_contrato: String(contract),
      id_integracao: CAMPSOFT_INTEGRATION_ID,
      id_produto_contrato: line,
      usar_email: 'S',
      user: owner?.email ?? '',
      senha: `sva-${String(i + 1).padStart(3, '0')}-secreta`,
      status_integracao: status,
      user_id: `cs-user-${String(contract * 100 + i + 1).padStart(6, '0')}`,
      subscription_id: `cs-sub-${String(i + 1).padStart(6, '0')}`,
      criado_em: `2025-05-${String(10 + i).padStart(2, '0')} 09:00:00`,
    };
  });
  const logins = contracts
    .filter((c) => c.tipo === 'I')
    .map((c, i) => {
      const plan = PLANS[Number(c.id_vd_contrato) - 1];
      return {
        id: String(i + 1),
        id_cliente: c.id_cliente ?? '0',
        id_contrato: c.id ?? '0',
        login: `cliente${c.id_cliente}.c${c.id}@fibra`,
        senha: `pppoe-${c.id}`,
        ativo: c.status_internet === 'A' ? 'S' : 'N',
        online: c.status_internet === 'A' ? 'S' : 'N',
        autenticacao: 'L',
        id_grupo: plan?.lines[0]?.[1] ?? '0',
        // Pre-contracts have never connected, so no MAC is bound yet.
        mac: c.status === 'P' ? '' : macOf(Number(c.id)),
        tipo_conexao_mapa: 'F',
        ultima_atualizacao: c.ultima_atualizacao ?? '',
      };
    });
  return trustDataset({
    produtos: catalogueProducts(),
    radgrupos: catalogueSpeedPlans(),
    vd_contratos: plans,
    vd_contratos_produtos: lines,
    cliente: customers,
    cliente_contrato: contracts,
    cliente_contrato_servicos: services,
    sva_usuarios: accounts,
    radusuarios: logins,
    fn_areceber: demoInvoices(contracts.flatMap(billing)),
    sva_configuracoes: catalogueIntegrations(),
    cliente_contrato_historico: demoContractHistory(),
    ixc_logs: demoLogs(),
  });
}

import type { IxcDatasetRow } from './types.js';

/** Campsoft's integration id in the demo IXC (`produtos.id_sva_integracao`, `sva_usuarios.id_integracao`). */
export const CAMPSOFT_INTEGRATION_ID = '1';

const STAMP = '2024-01-15 09:00:00';

/** Money with 2 decimals, as most IXC money columns read. */
export const money2 = (value: number): string => value.toFixed(2);
/** Money with 9 decimals (`valor_unit`, `valor_contrato`). */
export const money9 = (value: number): string => value.toFixed(9);

type Category = 'Educação' | 'Leitura' | 'Streaming' | 'Segurança' | 'Saúde';

/** The 25 Campsoft SVAs, product ids 1–25, in id order: [name, category, price]. */
const SVAS: readonly (readonly [string, Category, number])[] = [
  ['Campsoft Cursos', 'Educação', 9.9],
  ['Skeelo Leitura', 'Leitura', 10],
  ['Deezer Premium', 'Streaming', 10],
  ['Kaspersky Standard', 'Segurança', 9.9],
  ['Telemedicina Família', 'Saúde', 19.9],
  ['Kaspersky Plus', 'Segurança', 14.9],
  ['Idiomas Já', 'Educação', 9.9],
  ['Reforço Escolar Online', 'Educação', 5.1],
  ['Backup em Nuvem 100 GB', 'Segurança', 5],
  ['VPN Segura', 'Segurança', 5],
  ['Watch Brasil', 'Streaming', 14.9],
  ['Looke Filmes e Séries', 'Streaming', 15],
  ['Telemedicina Individual', 'Saúde', 12.9],
  ['Ubook Audiolivros', 'Leitura', 12.9],
  ['Revistas Digitais', 'Leitura', 7.9],
  ['Controle Parental', 'Segurança', 4.9],
  ['Programação para Crianças', 'Educação', 14.9],
  ['Qualifica Profissional', 'Educação', 19.9],
  ['Nutrição Online', 'Saúde', 9.9],
  ['Psicologia Online', 'Saúde', 29.9],
  ['PlayKids+', 'Streaming', 9.9],
  ['Campsoft Music', 'Streaming', 8.9],
  ['Jornais do Brasil', 'Leitura', 6.9],
  ['Quadrinhos+', 'Leitura', 7.9],
  ['Cinema em Casa', 'Streaming', 19.9],
];

/** Non-SVA catalogue entries, product ids 26–29. */
export const PRODUCT = {
  installation: '26',
  router: '27',
  fixedIp: '28',
  phoneLine: '29',
} as const;

const OTHER_PRODUCTS: readonly (readonly [string, string, number])[] = [
  ['Taxa de instalação', 'Instalação', 150],
  ['Locação de roteador Wi-Fi 6', 'Equipamentos', 15],
  ['IP fixo', 'Rede', 30],
  ['Linha telefônica fixa', 'Telefonia', 29.9],
];

/** `produtos`: 25 SVAs (`tipo "S"`, `id_sva_integracao` set) then 4 ordinary services. */
export function catalogueProducts(): IxcDatasetRow[] {
  const svas = SVAS.map(([name, category, price], i) => ({
    id: String(i + 1),
    ativo: 'S',
    id_sub_grupo: '2',
    descricao: name,
    descricao_alt: `SVA ${category}`,
    tipo: 'S',
    controla_estoque: 'N',
    movimentacao: 'V',
    unidade: '1',
    preco_base: money2(price),
    valor: money2(price),
    codigo: `SVA${String(i + 1).padStart(3, '0')}`,
    icms_issqn: 'S',
    ultima_atualizacao: STAMP,
    id_sva_integracao: CAMPSOFT_INTEGRATION_ID,
    id_sva_pacote: String(101 + i),
    tipo_produto_integracao: 'SVA',
  }));
  const others = OTHER_PRODUCTS.map(([name, group, price], i) => ({
    id: String(26 + i),
    ativo: 'S',
    id_sub_grupo: '1',
    descricao: name,
    descricao_alt: group,
    tipo: 'S',
    controla_estoque: 'N',
    movimentacao: 'V',
    unidade: '1',
    preco_base: money2(price),
    valor: money2(price),
    codigo: `SRV${String(i + 1).padStart(3, '0')}`,
    icms_issqn: 'S',
    ultima_atualizacao: STAMP,
  }));
  return [...svas, ...others];
}

/** Speed plans `[grupo, download, upload]`, radgrupos ids 1–6. */
const SPEEDS: readonly (readonly [string, string, string])[] = [
  ['FIBRA_300M', '300M', '150M'],
  ['FIBRA_500M', '500M', '250M'],
  ['FIBRA_1G', '1000M', '500M'],
  ['RADIO_10M', '10M', '2M'],
  ['EMPRESARIAL_600M', '600M', '600M'],
  ['FIBRA_200M', '200M', '100M'],
];

/** `radgrupos`: the speed plans internet lines point at (`vd_contratos_produtos.id_plano`). */
export function catalogueSpeedPlans(): IxcDatasetRow[] {
  return SPEEDS.map(([grupo, download, upload], i) => ({
    id: String(i + 1),
    grupo,
    download,
    upload,
    ativo_normal: 'S',
    alteracao_velocidade: 'N',
    prioridade: '8',
    franquia_mensal: '0',
    ultima_atualizacao: STAMP,
  }));
}

/** One plan line: `[tipo, id_plano (radgrupos), id_produto, descricao, valor]`. */
type LineSpec = readonly [string, string, string, string, number];

interface PlanSpec {
  readonly tipo: 'I' | 'T' | 'S' | 'SVA';
  readonly nome: string;
  readonly ativo: 'S' | 'N';
  readonly lines: readonly LineSpec[];
}

/** The 12 demo plans (`vd_contratos` ids 1–12); a plan's value is the sum of its lines. */
export const PLANS: readonly PlanSpec[] = [
  {
    tipo: 'I',
    nome: 'Fibra 300 Mega',
    ativo: 'S',
    lines: [['I', '1', '0', 'Internet Fibra 300 Mega', 99.9]],
  },
  {
    tipo: 'I',
    nome: 'Fibra 500 Mega + Deezer',
    ativo: 'S',
    lines: [
      ['I', '2', '0', 'Internet Fibra 500 Mega', 119.9],
      ['SVA', '0', '3', 'Deezer Premium', 10],
    ],
  },
  {
    tipo: 'I',
    nome: 'Fibra 1 Giga Família',
    ativo: 'S',
    lines: [
      ['I', '3', '0', 'Internet Fibra 1 Giga', 159.9],
      ['SVA', '0', '5', 'Telemedicina Família', 19.9],
      // Line typed as an ordinary service: only the catalogue entry says it is an SVA.
      ['S', '0', '2', 'Skeelo Leitura', 10],
      ['S', '0', PRODUCT.router, 'Locação de roteador Wi-Fi 6', 10.1],
    ],
  },
  {
    tipo: 'I',
    nome: 'Rádio 10 Mega (legado)',
    ativo: 'N',
    lines: [['I', '4', '0', 'Internet Rádio 10 Mega', 59.9]],
  },
  {
    tipo: 'T',
    nome: 'Telefone Fixo Ilimitado',
    ativo: 'S',
    lines: [['T', '0', PRODUCT.phoneLine, 'Telefonia ilimitada', 39.9]],
  },
  {
    tipo: 'T',
    nome: 'Telefone Fixo Local',
    ativo: 'N',
    lines: [['T', '0', PRODUCT.phoneLine, 'Telefonia local', 19.9]],
  },
  {
    tipo: 'S',
    nome: 'Serviços Empresariais',
    ativo: 'S',
    lines: [
      ['S', '0', PRODUCT.fixedIp, 'IP fixo', 30],
      ['S', '0', PRODUCT.router, 'Locação de roteador Wi-Fi 6', 15],
    ],
  },
  {
    tipo: 'SVA',
    nome: 'Campsoft Educação',
    ativo: 'S',
    lines: [
      ['SVA', '0', '1', 'Campsoft Cursos', 9.9],
      ['SVA', '0', '7', 'Idiomas Já', 9.9],
      ['SVA', '0', '8', 'Reforço Escolar Online', 5.1],
    ],
  },
  {
    tipo: 'SVA',
    nome: 'Campsoft Segurança Digital',
    ativo: 'S',
    lines: [
      ['SVA', '0', '4', 'Kaspersky Standard', 9.9],
      ['SVA', '0', '9', 'Backup em Nuvem 100 GB', 5],
      ['SVA', '0', '10', 'VPN Segura', 5],
    ],
  },
  {
    tipo: 'SVA',
    nome: 'Campsoft Streaming (descontinuado)',
    ativo: 'N',
    lines: [
      ['SVA', '0', '11', 'Watch Brasil', 14.9],
      ['SVA', '0', '12', 'Looke Filmes e Séries', 15],
    ],
  },
  {
    tipo: 'I',
    nome: 'Empresarial 600 Mega + IP Fixo',
    ativo: 'S',
    lines: [
      ['I', '5', '0', 'Internet Empresarial 600 Mega', 289.9],
      ['S', '0', PRODUCT.fixedIp, 'IP fixo', 30],
      ['SVA', '0', '6', 'Kaspersky Plus', 30],
    ],
  },
  {
    tipo: 'I',
    nome: 'Fibra 200 Mega',
    ativo: 'S',
    lines: [['I', '6', '0', 'Internet Fibra 200 Mega', 79.9]],
  },
];

/** A plan row for `vd_contratos`. */
export function planRow(id: number, spec: PlanSpec): IxcDatasetRow {
  const total = spec.lines.reduce((sum, line) => sum + line[4], 0);
  return {
    id: String(id),
    tipo: spec.tipo,
    nome: spec.nome,
    descricao: spec.nome,
    id_tipo_documento: '1',
    id_modelo: '1',
    id_carteira_cobranca: '1',
    id_filial: '1',
    valor_contrato: money9(total),
    Ativo: spec.ativo,
    fidelidade: spec.tipo === 'I' ? '12' : '0',
    base_geracao_por_tipo_doc: 'P',
    ultima_atualizacao: STAMP,
  };
}

/** A product line of a plan (`id_contrato "0"`) or of a contract (`id_vd_contrato "0"`). */
export function lineRow(
  id: number,
  owner: { readonly plan: string } | { readonly contract: string },
  line: LineSpec,
  stamp = STAMP,
): IxcDatasetRow {
  const [tipo, idPlano, idProduto, descricao, valor] = line;
  return {
    id: String(id),
    tipo,
    id_plano: idPlano,
    id_vd_contrato: 'plan' in owner ? owner.plan : '0',
    id_contrato: 'contract' in owner ? owner.contract : '0',
    id_produto: idProduto,
    descricao,
    qtde: '1',
    valor_unit: money9(valor),
    valor_ate_vencimento: money2(valor),
    fixar_ip: idProduto === PRODUCT.fixedIp ? '1' : '0',
    ultima_atualizacao: stamp,
  };
}

/** Every plan and its template lines, starting at the given ids. */
export function cataloguePlans(specs: readonly PlanSpec[] = PLANS): {
  plans: IxcDatasetRow[];
  lines: IxcDatasetRow[];
} {
  const plans: IxcDatasetRow[] = [];
  const lines: IxcDatasetRow[] = [];
  specs.forEach((spec, i) => {
    plans.push(planRow(i + 1, spec));
    for (const line of spec.lines)
      lines.push(lineRow(lines.length + 1, { plan: String(i + 1) }, line));
  });
  return { plans, lines };
}

export type { LineSpec, PlanSpec };

/**
 * `sva_configuracoes`: Campsoft's integration (id {@link CAMPSOFT_INTEGRATION_ID}), secrets
 * filled as a configured IXC has them so tests can check they never leak.
 */
export function catalogueIntegrations(): IxcDatasetRow[] {
  return [
    {
      id: CAMPSOFT_INTEGRATION_ID,
      login: 'provedor.demo',
      senha: 'Campsoft#SenhaSecreta1',
      url: 'https://api.campsoft.com.br',
      data_atualizacao_token: '2025-06-01 03:00:00',
      token: 'cs-token-7f3a9c2e5b8d41f6a0c3e9b7d2f5a8c1',
      plataforma: 'Campsoft',
      seu_prefixo: 'demo',
      usuario_automatico: 'S',
      ambiente: 'P',
      refresh_token: 'cs-refresh-0c3e9b7d2f5a8c1e4b7d0a3f6c9e2b5d',
      api_key: 'cs-apikey-5b8d41f6a0c3e9b7',
      api_secret: 'cs-apisecret-d2f5a8c1e4b7d0a3f6c9e2b5',
      id_filial_cobranca: '1',
      external_id: 'isp-demo-0001',
    },
  ];
}

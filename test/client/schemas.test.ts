import { describe, expect, it } from 'vitest';
import { toProdutosCliente } from '../../src/client/produtos-assembly.js';
import { toCliente } from '../../src/schemas/domain/cliente.js';
import { toPlano } from '../../src/schemas/domain/plano.js';
import {
  decodeDate,
  decodeDateTime,
  decodeDecimal,
  decodeFlag,
  decodeId,
  normalizeDocument,
} from '../../src/schemas/ixc-values.js';
import {
  RawClienteContratoSchema,
  RawClienteContratoServicoSchema,
  RawClienteSchema,
  RawProdutoSchema,
  RawSvaUsuarioSchema,
  RawVdContratoProdutoSchema,
  RawVdContratoSchema,
} from '../../src/schemas/raw/tables.js';

describe('IXC value decoding', () => {
  it('reads IXC empties as null', () => {
    expect(decodeId('0')).toBeNull();
    expect(decodeId('')).toBeNull();
    expect(decodeId('17')).toBe(17);
    expect(decodeDecimal('')).toBeNull();
    expect(decodeDecimal('69.900000000')).toBe(69.9);
    expect(decodeDecimal('0.00')).toBe(0);
    expect(decodeDecimal('1.234,56')).toBe(1234.56);
    expect(decodeDate('0000-00-00')).toBeNull();
    expect(decodeDate('2024-03-14')).toBe('2024-03-14');
    expect(decodeDate('31/12/2023')).toBe('2023-12-31');
    expect(decodeDateTime('0000-00-00 00:00:00')).toBeNull();
    expect(decodeDateTime('2024-11-08 13:53:41')).toBe('2024-11-08T13:53:41');
    expect(decodeFlag('S')).toBe(true);
    expect(decodeFlag('N')).toBe(false);
    expect(decodeFlag('')).toBe(false);
    expect(normalizeDocument('12.ABC.345/01DE-35')).toBe('12ABC34501DE35');
  });
});

describe('domain mapping', () => {
  it('maps a plan with capitalised or lower-case Ativo, numbers as numbers', () => {
    const raw = RawVdContratoSchema.parse({
      id: '3',
      nome: ' Fibra 500 ',
      tipo: 'I',
      valor_contrato: '99.900000000',
      Ativo: 'S',
      extra: 'kept',
    });
    expect(toPlano(raw)).toMatchObject({
      id: 3,
      nome: 'Fibra 500',
      tipo: 'internet',
      valor: 99.9,
      ativo: true,
      descricao: null,
    });
    expect(
      toPlano(RawVdContratoSchema.parse({ id: '4', nome: 'X', tipo: 'SVA', ativo: 'N' })),
    ).toMatchObject({ tipo: 'sva', ativo: false });
    expect(toPlano(RawVdContratoSchema.parse({ id: '5', nome: 'X', tipo: 'ZZ' })).tipo).toBe(
      'outro',
    );
  });

  it('maps a customer without secrets, with the document as stored and normalised', () => {
    const raw = RawClienteSchema.parse({
      id: '7',
      razao: 'Maria',
      tipo_pessoa: 'F',
      cnpj_cpf: '123.456.789-09',
      senha: 'segredo',
      hotsite_email: 'm',
      email: 'maria@example.com',
      fone: '',
      cidade: '3550',
      uf: '0',
      ativo: 'S',
      data_nascimento: '0000-00-00',
    });
    const cliente = toCliente(raw);
    expect(cliente).toMatchObject({
      id: 7,
      nome: 'Maria',
      tipoPessoa: 'fisica',
      cnpjCpf: '123.456.789-09',
      cnpjCpfDigitos: '12345678909',
      email: 'maria@example.com',
      ativo: true,
      dataNascimento: null,
    });
    expect(cliente.telefones.fixo).toBeNull();
    expect(cliente.endereco).toMatchObject({ cidadeId: 3550, ufId: null });
    expect(JSON.stringify(cliente)).not.toContain('segredo');
  });

  it('refuses a row without a usable id', () => {
    expect(RawClienteSchema.safeParse({ id: '0' }).success).toBe(false);
    expect(RawClienteSchema.safeParse({ razao: 'x' }).success).toBe(false);
    expect(RawClienteSchema.safeParse({ id: 12, razao: 'x' }).success).toBe(true);
    // A row without its table's columns (a grid view's positional cells) is not a customer.
    expect(RawClienteSchema.safeParse({ id: 12, '0': '12', '1': 'x' }).success).toBe(false);
  });

  it("lists a contract's own lines instead of its plan's, add-ons but not discounts, and SVA accounts", () => {
    const contratos = [
      RawClienteContratoSchema.parse({
        id: '100',
        id_cliente: '7',
        id_vd_contrato: '3',
        status: 'A',
      }),
      RawClienteContratoSchema.parse({
        id: '101',
        id_cliente: '7',
        id_vd_contrato: '4',
        status: 'I',
      }),
    ];
    const linhasContrato = [
      RawVdContratoProdutoSchema.parse({
        id: '9',
        id_contrato: '100',
        id_vd_contrato: '0',
        id_produto: '50',
        qtde: '1',
        valor_unit: '89.900000000',
      }),
    ];
    const linhasPlano = [
      RawVdContratoProdutoSchema.parse({
        id: '1',
        id_vd_contrato: '3',
        id_contrato: '0',
        id_produto: '51',
        qtde: '1',
        valor_unit: '99.9',
      }),
      RawVdContratoProdutoSchema.parse({
        id: '2',
        id_vd_contrato: '4',
        id_contrato: '0',
        id_produto: '52',
        qtde: '2',
        valor_unit: '10.00',
      }),
    ];
    const servicos = [
      RawClienteContratoServicoSchema.parse({
        id: '20',
        id_contrato: '100',
        id_produto: '53',
        descricao: 'Deezer',
        quantidade: '1',
        valor_unitario: '14.90',
        valor_total: '14.90',
        tipo_acres_desc: 'A',
      }),
      RawClienteContratoServicoSchema.parse({
        id: '21',
        id_contrato: '100',
        id_produto: '0',
        descricao: 'Desconto',
        quantidade: '1',
        valor_unitario: '5.00',
        tipo_acres_desc: 'D',
      }),
    ];
    const contasSva = [
      RawSvaUsuarioSchema.parse({
        id: '30',
        id_contrato: '100',
        id_integracao: '8',
        status_integracao: 'A',
        user: 'maria@x',
        senha: 'pw',
      }),
      RawSvaUsuarioSchema.parse({
        id: '31',
        id_contrato: '101',
        id_integracao: '9',
        status_integracao: 'B',
        user: 'maria2',
      }),
    ];
    const produtos = new Map(
      [
        { id: '50', descricao: 'Fibra 300' },
        { id: '51', descricao: 'Fibra 500' },
        { id: '52', descricao: 'Telefone' },
        { id: '53', descricao: 'Deezer Premium', id_sva_integracao: '8' },
      ].map((p) => [p.id, RawProdutoSchema.parse(p)]),
    );
    const planos = new Map([['3', RawVdContratoSchema.parse({ id: '3', nome: 'Plano 3' })]]);
    const out = toProdutosCliente({
      contratos,
      linhasContrato,
      linhasPlano,
      servicos,
      contasSva,
      planos,
      produtos,
    });

    expect(out.map((p) => [p.origem, p.contratoId, p.nome])).toEqual([
      ['contrato', 100, 'Fibra 300'],
      ['adicional', 100, 'Deezer'],
      ['plano', 101, 'Telefone'],
      ['sva', 101, 'SVA maria2'],
    ]);
    const deezer = out[1]!;
    expect(deezer).toMatchObject({
      sva: true,
      svaIntegracaoId: 8,
      valorTotal: 14.9,
      planoNome: 'Plano 3',
    });
    expect(deezer.contaSva).toMatchObject({ id: 30, status: 'ativo', usuario: 'maria@x' });
    expect(out[2]).toMatchObject({
      quantidade: 2,
      valorUnitario: 10,
      valorTotal: 20,
      contratoStatus: 'inativo',
      sva: false,
    });
    expect(out[3]?.contaSva?.status).toBe('bloqueado');
    expect(JSON.stringify(out)).not.toContain('pw');
  });
});

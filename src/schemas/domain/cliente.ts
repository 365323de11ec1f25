import { z } from 'zod';
import {
  decodeCode,
  decodeDate,
  decodeDateTime,
  decodeFlag,
  decodeId,
  decodeText,
  normalizeDocument,
} from '../ixc-values.js';
import type { RawCliente } from '../raw/tables.js';
import { TIPO_PESSOA, type TipoPessoa, TipoPessoaSchema } from './codes.js';
import type { AssertTrue, SameType } from './same-type.js';

const text = z.string().nullable();

/** A customer's phones; each is null when IXC has none. */
export const TelefonesSchema = z
  .object({
    fixo: text.describe('Home phone (`fone`).'),
    comercial: text.describe('Work phone (`telefone_comercial`).'),
    celular: text.describe('Mobile (`telefone_celular`).'),
    whatsapp: text.describe('WhatsApp number.'),
  })
  .meta({ id: 'Telefones' });

/** A customer's address. `cidadeId` and `ufId` are IXC ids (tables `cidade` and `uf`). */
export const EnderecoSchema = z
  .object({
    cep: text,
    logradouro: text.describe('Street (`endereco`).'),
    numero: text,
    complemento: text,
    bairro: text,
    referencia: text,
    cidadeId: z.number().int().nullable(),
    ufId: z.number().int().nullable(),
  })
  .meta({ id: 'Endereco' });

/** A customer (IXC `cliente`). Secrets such as the central password are never included. */
export const ClienteSchema = z
  .object({
    id: z.number().int().positive(),
    nome: z.string().describe('Name or razão social (`razao`).'),
    fantasia: text.describe('Trade name.'),
    tipoPessoa: TipoPessoaSchema,
    cnpjCpf: text.describe('CPF or CNPJ as IXC stores it (formatted, e.g. `123.456.789-09`).'),
    cnpjCpfDigitos: text.describe(
      'CPF or CNPJ without punctuation (letters kept, upper-cased, for the alphanumeric CNPJ).',
    ),
    ieIdentidade: text.describe('RG or inscrição estadual.'),
    email: text,
    telefones: TelefonesSchema,
    endereco: EnderecoSchema,
    ativo: z.boolean(),
    dataNascimento: text.describe('`YYYY-MM-DD`.'),
    dataCadastro: text.describe('`YYYY-MM-DD`.'),
    filialId: z.number().int().nullable(),
    atualizadoEm: text.describe('`YYYY-MM-DDTHH:MM:SS`, IXC server local time.'),
  })
  .meta({ id: 'Cliente' });

/** A customer's phones, as IXC stores them (usually formatted, `(11) 98137-1071`). */
export interface Telefones {
  /** Home phone (`fone`); null when IXC has none. */
  fixo: string | null;
  /** Work phone (`telefone_comercial`). */
  comercial: string | null;
  /** Mobile (`telefone_celular`). */
  celular: string | null;
  /** WhatsApp number (`whatsapp`). */
  whatsapp: string | null;
}

/** A customer's address. */
export interface Endereco {
  /** Postal code (`cep`). */
  cep: string | null;
  /** Street (`endereco`). */
  logradouro: string | null;
  /** House number (`numero`), as typed: `S/N` happens. */
  numero: string | null;
  /** Complement (`complemento`). */
  complemento: string | null;
  /** District (`bairro`). */
  bairro: string | null;
  /** Reference point (`referencia`). */
  referencia: string | null;
  /** IXC id of the city (table `cidade`). */
  cidadeId: number | null;
  /** IXC id of the state (table `uf`). */
  ufId: number | null;
}

/**
 * A customer (IXC `cliente`). Secrets such as the central password are never included.
 * Validated by {@link ClienteSchema}.
 */
export interface Cliente {
  /** Customer id (`cliente.id`). */
  id: number;
  /** Name or razão social (`razao`). */
  nome: string;
  /** Trade name (`fantasia`). */
  fantasia: string | null;
  /** Person kind: física, jurídica or estrangeiro. */
  tipoPessoa: TipoPessoa;
  /** CPF or CNPJ as IXC stores it (formatted, e.g. `123.456.789-09`). */
  cnpjCpf: string | null;
  /** CPF or CNPJ without punctuation (letters kept, upper-cased, for the alphanumeric CNPJ). */
  cnpjCpfDigitos: string | null;
  /** RG or inscrição estadual (`ie_identidade`). */
  ieIdentidade: string | null;
  /** E-mail. */
  email: string | null;
  /** Phones. */
  telefones: Telefones;
  /** Address. */
  endereco: Endereco;
  /** Whether the customer is active (`ativo` = S). */
  ativo: boolean;
  /** Birth date, `YYYY-MM-DD`. */
  dataNascimento: string | null;
  /** Registration date, `YYYY-MM-DD`. */
  dataCadastro: string | null;
  /** Branch id (`filial_id`). */
  filialId: number | null;
  /** Last change, `YYYY-MM-DDTHH:MM:SS`, IXC server local time. */
  atualizadoEm: string | null;
}

type _Telefones = AssertTrue<SameType<Telefones, z.output<typeof TelefonesSchema>>>;
type _Endereco = AssertTrue<SameType<Endereco, z.output<typeof EnderecoSchema>>>;
type _Cliente = AssertTrue<SameType<Cliente, z.output<typeof ClienteSchema>>>;

/** Maps a raw `cliente` row to a {@link Cliente}. */
export function toCliente(raw: RawCliente): Cliente {
  return {
    id: Number(raw.id),
    nome: raw.razao.trim(),
    fantasia: decodeText(raw.fantasia),
    tipoPessoa: decodeCode(raw.tipo_pessoa, TIPO_PESSOA, 'desconhecido'),
    cnpjCpf: decodeText(raw.cnpj_cpf),
    cnpjCpfDigitos: normalizeDocument(raw.cnpj_cpf),
    ieIdentidade: decodeText(raw.ie_identidade),
    email: decodeText(raw.email),
    telefones: {
      fixo: decodeText(raw.fone),
      comercial: decodeText(raw.telefone_comercial),
      celular: decodeText(raw.telefone_celular),
      whatsapp: decodeText(raw.whatsapp),
    },
    endereco: {
      cep: decodeText(raw.cep),
      logradouro: decodeText(raw.endereco),
      numero: decodeText(raw.numero),
      complemento: decodeText(raw.complemento),
      bairro: decodeText(raw.bairro),
      referencia: decodeText(raw.referencia),
      cidadeId: decodeId(raw.cidade),
      ufId: decodeId(raw.uf),
    },
    ativo: decodeFlag(raw.ativo),
    dataNascimento: decodeDate(raw.data_nascimento),
    dataCadastro: decodeDate(raw.data_cadastro),
    filialId: decodeId(raw.filial_id),
    atualizadoEm: decodeDateTime(raw.ultima_atualizacao),
  };
}

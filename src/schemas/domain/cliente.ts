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
import { TIPO_PESSOA, TipoPessoaSchema } from './codes.js';

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

/** A customer (IXC `cliente`). */
export type Cliente = z.infer<typeof ClienteSchema>;

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

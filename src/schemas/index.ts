/** The domain models (zod schemas and their types) and the raw row type. */

export {
  cpfCnpjDigits,
  formatCpfCnpj,
  isValidCnpj,
  isValidCpf,
  isValidCpfCnpj,
} from './documento.js';
export {
  type Cliente,
  ClienteSchema,
  type Endereco,
  EnderecoSchema,
  type Telefones,
  TelefonesSchema,
} from './domain/cliente.js';
export {
  agruparPorPlano,
  type ClientePorPlano,
  ClientePorPlanoSchema,
  groupByPlano,
  type PlanoComClientes,
  PlanoComClientesSchema,
} from './domain/cliente-por-plano.js';
export {
  type StatusContrato,
  StatusContratoSchema,
  type StatusInternet,
  StatusInternetSchema,
  type StatusSva,
  StatusSvaSchema,
  type TipoPessoa,
  TipoPessoaSchema,
  type TipoPlano,
  TipoPlanoSchema,
} from './domain/codes.js';
export { type Contrato, ContratoSchema } from './domain/contrato.js';
export { type Plano, PlanoSchema } from './domain/plano.js';
export {
  type ContaSva,
  ContaSvaSchema,
  type OrigemProduto,
  OrigemProdutoSchema,
  type ProdutoCliente,
  ProdutoClienteSchema,
} from './domain/produto-cliente.js';
export { type IxcRow, IxcRowSchema } from './raw/raw-row.js';

/**
 * Word lists of the dataset generator. Kept as space/pipe-separated strings so the formatter
 * does not spread 100 names over 100 lines.
 */

/** First names (Brazilian). */
export const FIRST_NAMES: readonly string[] = (
  'Ana Bruno Carla Daniel Eduarda Felipe Gabriela Henrique Isabela João Karina Leonardo ' +
  'Mariana Nicolas Olívia Paulo Rafaela Sérgio Tatiane Vinícius Amanda Caio Letícia Matheus ' +
  'Júlia Gustavo Beatriz Rodrigo Larissa Thiago'
).split(' ');

/** Surnames (Brazilian). */
export const LAST_NAMES: readonly string[] = (
  'Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa Ribeiro ' +
  'Martins Carvalho Almeida Lopes Soares Fernandes Vieira Barbosa Rocha Dias Nascimento ' +
  'Andrade Moreira Nunes Marques Machado Mendes Freitas'
).split(' ');

/** Business kinds for company names. */
export const BUSINESSES: readonly string[] = (
  'Comércio|Serviços|Materiais de Construção|Padaria|Auto Peças|Farmácia|Papelaria|' +
  'Transportes|Informática|Restaurante'
).split('|');

/** Street names. */
export const STREETS: readonly string[] = (
  'Rua das Flores|Avenida Brasil|Rua São João|Rua Sete de Setembro|Avenida Getúlio Vargas|' +
  'Rua Tiradentes|Rua Dom Pedro II|Rua Santos Dumont'
).split('|');

/** Neighbourhoods. */
export const BAIRROS: readonly string[] =
  'Centro|Jardim América|Vila Nova|Santa Cruz|Boa Vista|São José|Industrial|Planalto'.split('|');

/** Area codes. */
export const DDDS: readonly string[] = '11 19 31 41 21 51 61 71'.split(' ');

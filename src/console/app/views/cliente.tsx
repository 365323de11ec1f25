/**
 * Cliente: who the customer is, each contract with its products, and the one-click SVA
 * buttons. After a write the products are read again, and the result line says the state
 * IXC now has, not the state we asked for.
 */
import { useEffect, useState } from 'preact/hooks';
import { call } from '../api.js';
import { useApp } from '../context.js';
import { formatDate, pessoaWords } from '../format.js';
import { can } from '../session.js';
import type { Cliente, ProdutoCliente, SvaResult } from '../types.js';
import { announce } from '../ui/announce.js';
import { ErrorBox, Loading, PageTitle } from '../ui/common.js';
import { useLoad } from '../ui/use-load.js';
import { Contratos } from './cliente-contratos.js';
import { contratosDe, lerCliente, lerProdutos } from './cliente-data.js';
import { ClienteSvas, type Outcome, OutcomePanel, type SvaActions } from './cliente-svas.js';

function Campo({ nome, valor }: { nome: string; valor: string | null | undefined }) {
  return (
    <div>
      <dt>{nome}</dt>
      <dd>{valor || '—'}</dd>
    </div>
  );
}

function Identidade({ c }: { c: Cliente }) {
  const e = c.endereco;
  const fones = [
    c.telefones.celular && `Celular ${c.telefones.celular}`,
    c.telefones.whatsapp &&
      c.telefones.whatsapp !== c.telefones.celular &&
      `WhatsApp ${c.telefones.whatsapp}`,
    c.telefones.fixo && `Fixo ${c.telefones.fixo}`,
    c.telefones.comercial && `Comercial ${c.telefones.comercial}`,
  ].filter(Boolean) as string[];
  const endereco = [
    [e.logradouro, e.numero].filter(Boolean).join(', '),
    e.complemento,
    e.bairro,
    e.cep && `CEP ${e.cep}`,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <section aria-labelledby="identidade" class="panel">
      <h2 id="identidade">Identificação</h2>
      <dl class="fields">
        <Campo nome="Código" valor={String(c.id)} />
        <Campo nome="Tipo" valor={pessoaWords(c.tipoPessoa)} />
        <Campo nome={c.tipoPessoa === 'juridica' ? 'CNPJ' : 'CPF'} valor={c.cnpjCpf} />
        <Campo
          nome={c.tipoPessoa === 'juridica' ? 'Inscrição estadual' : 'RG'}
          valor={c.ieIdentidade}
        />
        {c.fantasia && <Campo nome="Nome fantasia" valor={c.fantasia} />}
        {c.tipoPessoa !== 'juridica' && (
          <Campo nome="Nascimento" valor={formatDate(c.dataNascimento)} />
        )}
        <Campo nome="Cliente desde" valor={formatDate(c.dataCadastro)} />
        <Campo nome="Situação" valor={c.ativo ? 'Ativo' : 'Inativo'} />
      </dl>
      <h3>Contato</h3>
      <dl class="fields">
        <Campo nome="E-mail" valor={c.email} />
        <Campo nome="Telefones" valor={fones.join(' · ')} />
        <Campo nome="Endereço" valor={endereco} />
      </dl>
    </section>
  );
}

/** The customer view. */
export function ClienteView({ id }: { id: number }) {
  const { target, session } = useApp();
  const page = useLoad((signal) => lerCliente(target, id, signal), [target, id]);
  const [produtos, setProdutos] = useState<ProdutoCliente[] | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  useEffect(() => {
    if (page.data) {
      setProdutos(page.data.produtos);
      announce(`${page.data.cliente.nome}: ${page.data.produtos.length} produtos.`);
    }
  }, [page.data]);

  if (page.error !== null && !page.data) {
    return (
      <section aria-labelledby="page-title">
        <PageTitle>Cliente {id}</PageTitle>
        <ErrorBox error={page.error} />
      </section>
    );
  }
  if (!page.data || !produtos) {
    return (
      <section aria-labelledby="page-title">
        <PageTitle>Cliente {id}</PageTitle>
        <Loading what="o cliente" />
      </section>
    );
  }
  const { cliente, catalogo } = page.data;
  const contratos = contratosDe(cliente, produtos);
  const writable = can(session, 'svas:write');

  /** Runs one SVA write, reads the products back and reports what IXC now has. */
  async function write(what: string, request: () => Promise<SvaResult>): Promise<void> {
    setOutcome({ kind: 'busy', what });
    try {
      const result = await request();
      const fresh = await lerProdutos(target, id);
      setProdutos(fresh);
      setOutcome({ kind: 'ok', result, fresh, what });
    } catch (error) {
      setOutcome({ kind: 'error', error, what });
      throw error;
    }
  }
  const send = (method: string, path: string, body: unknown, key: string) =>
    call<{ data: SvaResult }>(target, method, `/clientes/${id}/svas${path}`, {
      ...(body === undefined ? {} : { body }),
      idempotencyKey: key,
    }).then((a) => a.body.data);
  const actions: SvaActions = {
    ativar: (sva, contratoId, key) =>
      write(`Ativar ${sva.nome}`, () =>
        send('POST', '', { produtoId: sva.id, ...(contratoId ? { contratoId } : {}) }, key),
      ),
    alterar: (p, status, key) =>
      write(`${status === 'bloqueado' ? 'Bloquear' : 'Desbloquear'} ${p.nome}`, () =>
        send('PATCH', `/${p.contaSva!.id}`, { status }, key),
      ),
    cancelar: (p, key) =>
      write(`Cancelar ${p.nome}`, () => send('DELETE', `/${p.contaSva!.id}`, undefined, key)),
  };

  return (
    <section aria-labelledby="page-title">
      <p class="crumbs">
        <a href="#/busca">← Busca</a>
      </p>
      <PageTitle>{cliente.nome}</PageTitle>
      <Identidade c={cliente} />
      <OutcomePanel outcome={outcome} />
      <Contratos contratos={contratos} actions={writable ? actions : null} />
      <ClienteSvas
        contratos={contratos}
        catalogo={catalogo}
        produtos={produtos}
        actions={writable ? actions : null}
      />
    </section>
  );
}

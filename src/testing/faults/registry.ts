import { drawLatency } from '../engine/random.js';
import type { FaultHandle, FaultRequestInfo, FaultRule, IxcFaults } from './types.js';

/** The effects chosen for one request. */
export interface FaultPlan {
  latencyMs: number;
  taps: ((request: FaultRequestInfo) => void | Promise<void>)[];
  /** The rule whose replacing/delivery effects apply, if any. */
  outcome: FaultRule | undefined;
  omitRegistros: boolean;
  totalAsNumber: boolean;
  flexigrid: boolean;
  keepUltimaAtualizacao: boolean;
  /** Names of the applied effects, for the request log. */
  names: string[];
}

const OUTCOME_KEYS = [
  'status',
  'html',
  'ixcError',
  'malformed',
  'reset',
  'hang',
  'trickle',
  'truncate',
] as const;
const ALL_EFFECT_KEYS = [
  ...OUTCOME_KEYS,
  'latencyMs',
  'omitRegistros',
  'totalAsNumber',
  'flexigrid',
  'keepUltimaAtualizacao',
  'tap',
] as const;

function hasOutcome(rule: FaultRule): boolean {
  return OUTCOME_KEYS.some((key) => rule[key] !== undefined && rule[key] !== false);
}

function oneOf<T extends string>(
  filter: T | readonly T[] | undefined,
  value: T,
  fold = false,
): boolean {
  if (filter === undefined) return true;
  const list: readonly string[] = typeof filter === 'string' ? [filter] : filter;
  return fold
    ? list.some((item) => item.toUpperCase() === value.toUpperCase())
    : list.includes(value);
}

interface Installed {
  rule: FaultRule;
  hits: number;
  remaining: number;
  removed: boolean;
}

/** Rule store and matcher behind `engine.faults`. */
export class FaultRegistry implements IxcFaults {
  #installed: Installed[] = [];
  readonly #random: () => number;

  constructor(random: () => number) {
    this.#random = random;
  }

  add(rule: FaultRule): FaultHandle {
    const entry: Installed = {
      rule,
      hits: 0,
      remaining: rule.times ?? Number.POSITIVE_INFINITY,
      removed: false,
    };
    this.#installed.push(entry);
    return {
      remove: () => {
        entry.removed = true;
        this.#installed = this.#installed.filter((e) => e !== entry);
      },
      get hits() {
        return entry.hits;
      },
      get active() {
        return !entry.removed && entry.remaining > 0;
      },
    };
  }

  clear(): void {
    for (const entry of this.#installed) entry.removed = true;
    this.#installed = [];
  }

  list(): readonly FaultRule[] {
    return this.#installed.filter((e) => e.remaining > 0).map((e) => e.rule);
  }

  /** Chooses (and spends) the rules hitting `request`. */
  plan(request: FaultRequestInfo): FaultPlan {
    const plan: FaultPlan = {
      latencyMs: 0,
      taps: [],
      outcome: undefined,
      omitRegistros: false,
      totalAsNumber: false,
      flexigrid: false,
      keepUltimaAtualizacao: false,
      names: [],
    };
    for (const entry of this.#installed) {
      const { rule } = entry;
      if (entry.remaining <= 0) continue;
      if (!oneOf(rule.table, request.table)) continue;
      if (!oneOf(rule.method, request.method, true)) continue;
      if (!oneOf(rule.kind, request.kind)) continue;
      if (rule.match !== undefined && !rule.match(request)) continue;
      const outcome = hasOutcome(rule);
      if (outcome && plan.outcome !== undefined) continue;
      if (rule.probability !== undefined && this.#random() >= rule.probability) continue;
      entry.remaining--;
      entry.hits++;
      if (outcome) plan.outcome = rule;
      plan.latencyMs += drawLatency(rule.latencyMs, this.#random);
      if (rule.tap !== undefined) plan.taps.push(rule.tap);
      plan.omitRegistros ||= rule.omitRegistros === true;
      plan.totalAsNumber ||= rule.totalAsNumber === true;
      plan.flexigrid ||= rule.flexigrid === true;
      plan.keepUltimaAtualizacao ||= rule.keepUltimaAtualizacao === true;
      for (const key of ALL_EFFECT_KEYS) {
        if (rule[key] !== undefined && rule[key] !== false) plan.names.push(key);
      }
      if (outcome && rule.commit !== undefined) plan.names.push(`commit:${rule.commit}`);
    }
    this.#installed = this.#installed.filter((e) => e.remaining > 0);
    return plan;
  }
}

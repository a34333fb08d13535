/**
 * Reads Apertium bilingual dictionaries as shipped by Debian: only the compiled transducers
 * (`*.autobil.bin`) are installed, so they are dumped with `lt-print` (package `lttoolbox`) in AT&T text
 * format and every path is enumerated here (what `lt-expand` does for a source `.dix`).
 *
 * A path reads `lemma<tag><tag>…` on its input side and `lemma<tag>…` on its output side, e.g.
 * `present<vblex>` → `presentar<vblex>`. Multiword lemmas have spaces (`data center<n>`) and may carry a
 * `#` followed by an invariable queue (`take<vblex># over` is written `take# over<vblex>` by some pairs).
 */
import { execFileSync } from 'node:child_process';

/** One arc of an AT&T transducer: target state, input symbol, output symbol ('' for epsilon). */
interface Arc {
  to: number;
  input: string;
  output: string;
}

export interface Transducer {
  arcs: Map<number, Arc[]>;
  finals: Set<number>;
}

/** Parses `lt-print` output: sections separated by `--`, lines `from TAB to TAB in TAB out TAB weight` or `state TAB weight`. */
export function parseAtt(text: string): Transducer[] {
  const sections: Transducer[] = [];
  let current: Transducer = { arcs: new Map(), finals: new Set() };
  const epsilon = (s: string): string => (s === 'ε' || s === '@0@' ? '' : s);
  for (const line of text.split('\n')) {
    if (line === '--') {
      sections.push(current);
      current = { arcs: new Map(), finals: new Set() };
      continue;
    }
    if (line === '') continue;
    const cols = line.split('\t');
    if (cols.length >= 4 && cols[2] !== undefined && cols[3] !== undefined && cols[3] !== '') {
      const from = Number(cols[0]);
      const arc: Arc = { to: Number(cols[1]), input: epsilon(cols[2]), output: epsilon(cols[3]) };
      const list = current.arcs.get(from);
      if (list === undefined) current.arcs.set(from, [arc]);
      else list.push(arc);
    } else {
      current.finals.add(Number(cols[0]));
    }
  }
  if (current.arcs.size > 0 || current.finals.size > 0) sections.push(current);
  return sections;
}

/**
 * The input/output string pairs accepted by the transducer, reduced to what a lexicon needs: the lemma
 * and the first tag of each side (later tags — gender, number, the pass-through tag loops some pairs
 * compile in — are dropped), plus any multiword queue after `#`. Each reduced pair is listed once, in
 * depth-first order from state 0 (arcs in `lt-print` order). Regular-expression entries (numbers,
 * URLs, acronym patterns: states on a cycle, character classes) and entries with digits are not followed.
 */
export function expandTransducer(t: Transducer, maxLength = 80): [string, string][] {
  const out: [string, string][] = [];
  const emitted = new Set<string>();
  const cyclic = cyclicStates(t);
  const classes = characterClassArcs(t);
  const skip = (from: number, arc: Arc): boolean =>
    cyclic.has(arc.to) || classes.has(`${from}:${arc.to}`) || /^\p{N}$/u.test(arc.input);
  const isTag = (symbol: string): boolean => symbol.length > 2 && symbol.startsWith('<');
  // A side is done with its first tag, or its first two for proper nouns (`<np><top>`: a place).
  const hasTag = (side: string): boolean => {
    const at = side.indexOf('<');
    if (at < 0) return false;
    return !side.startsWith('<np>', at) || side.indexOf('<', at + 1) >= 0;
  };
  // Once both sides have their first tag, the rest of a path only adds tags (dropped) or a multiword
  // queue: the tails from a state are computed once (minimised transducers share their tag suffixes).
  const tailMemo = new Map<number, string[]>();
  const tails = (state: number): string[] => {
    const known = tailMemo.get(state);
    if (known !== undefined) return known;
    const found = new Set<string>();
    if (t.finals.has(state)) found.add('\u0000');
    for (const arc of t.arcs.get(state) ?? []) {
      if (skip(state, arc)) continue;
      const i = isTag(arc.input) ? '' : arc.input;
      const o = isTag(arc.output) ? '' : arc.output;
      for (const tail of tails(arc.to)) {
        const [ti = '', to = ''] = tail.split('\u0000');
        if (ti.length + i.length <= maxLength && to.length + o.length <= maxLength)
          found.add(`${i}${ti}\u0000${o}${to}`);
      }
    }
    const list = [...found];
    tailMemo.set(state, list);
    return list;
  };
  const emit = (input: string, output: string): void => {
    const pair = `${input}\u0000${output}`;
    if (emitted.has(pair)) return;
    emitted.add(pair);
    out.push([input, output]);
  };
  const walk = (state: number, input: string, output: string): void => {
    if (hasTag(input) && hasTag(output)) {
      for (const tail of tails(state)) {
        const [ti = '', to = ''] = tail.split('\u0000');
        emit(input + ti, output + to);
      }
      return;
    }
    if (t.finals.has(state)) emit(input, output);
    for (const arc of t.arcs.get(state) ?? []) {
      if (skip(state, arc)) continue;
      const nextIn = isTag(arc.input) && hasTag(input) ? input : input + arc.input;
      const nextOut = isTag(arc.output) && hasTag(output) ? output : output + arc.output;
      if (nextIn.length > maxLength || nextOut.length > maxLength) continue;
      walk(arc.to, nextIn, nextOut);
    }
  };
  walk(0, '', '');
  return out;
}

/**
 * States that lie on a cycle (a self-loop or a strongly connected component of several states):
 * regular-expression entries such as numbers or URLs, which the lexicon does not want.
 */
export function cyclicStates(t: Transducer): Set<number> {
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const cyclic = new Set<number>();
  let counter = 0;
  const visit = (v: number): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const arc of t.arcs.get(v) ?? []) {
      if (arc.to === v) cyclic.add(v);
      if (!index.has(arc.to)) {
        visit(arc.to);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(arc.to) ?? 0));
      } else if (onStack.has(arc.to)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(arc.to) ?? 0));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: number[] = [];
      let w: number | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) for (const c of component) cyclic.add(c);
    }
  };
  for (const state of [0, ...t.arcs.keys()]) if (!index.has(state)) visit(state);
  return cyclic;
}

/**
 * Character classes: groups of at least `minArcs` arcs from one state into one target (`[A-Z]`,
 * `[0-9]`), as `from:to` keys. Dictionary entries never do that; generated patterns (acronyms, codes,
 * numbers) do, and expand to millions of strings.
 */
export function characterClassArcs(t: Transducer, minArcs = 10): Set<string> {
  const out = new Set<string>();
  for (const [state, arcs] of t.arcs) {
    const byTarget = new Map<number, number>();
    for (const arc of arcs) byTarget.set(arc.to, (byTarget.get(arc.to) ?? 0) + 1);
    for (const [to, n] of byTarget) if (n >= minArcs) out.add(`${state}:${to}`);
  }
  return out;
}

/** The main section of an `lt-print` dump: the one with the most states. */
export function mainSection(sections: readonly Transducer[]): Transducer {
  let best: Transducer | undefined;
  for (const t of sections) if (best === undefined || t.arcs.size > best.arcs.size) best = t;
  if (best === undefined) throw new Error('empty transducer');
  return best;
}

export interface Analysis {
  /** Lemma with the multiword queue put back in place: `take over`. */
  lemma: string;
  /** Tags in order, without brackets: `['vblex']`, `['n', 'f']`. */
  tags: string[];
}

/** Splits `take<vblex># over`, `take# over<vblex>` or `data center<n><sg>` into lemma and tags. */
export function parseAnalysis(text: string): Analysis | undefined {
  const m = /^([^<]*)((?:<[^>]+>)*)(?:#(.*))?$/u.exec(text);
  if (m === null) return undefined;
  // Some pairs write the queue before the tags: `Secretary# of State<n>`.
  const head = (m[1] ?? '').replace(/#/gu, '');
  const tags = [...(m[2] ?? '').matchAll(/<([^>]+)>/gu)].map((t) => t[1] ?? '');
  const queue = m[3] ?? '';
  const lemma = `${head}${queue}`.replace(/\s+/gu, ' ').trim();
  if (lemma === '') return undefined;
  return { lemma, tags };
}

/** Coarse part of speech used to keep pivots consistent, or undefined for the ones the lexicon skips. */
export type Pos = 'noun' | 'verb' | 'adj' | 'adv' | 'place';

export function coarsePos(tags: readonly string[]): Pos | undefined {
  switch (tags[0]) {
    case 'n':
      return 'noun';
    case 'vblex':
    case 'vbmod':
    case 'vbser':
    case 'vbhaver':
    case 'vbdo':
    case 'vaux':
      return 'verb';
    case 'adj':
      return 'adj';
    case 'adv':
    case 'preadv':
      return 'adv';
    case 'np':
      // Only places (`<np><top>`): "Germany" → Allemagne; people's names are not translated.
      return tags[1] === 'top' ? 'place' : undefined;
    default:
      return undefined;
  }
}

/** A lemma pair from a bilingual dictionary, with the coarse part of speech of each side. */
export interface LemmaPair {
  left: string;
  leftPos: Pos;
  right: string;
  rightPos: Pos;
}

/** Lemma pairs of a compiled bilingual dictionary, de-duplicated, in transducer order. */
export function lemmaPairs(expanded: readonly [string, string][]): LemmaPair[] {
  const out: LemmaPair[] = [];
  const seen = new Set<string>();
  for (const [input, output] of expanded) {
    const l = parseAnalysis(input);
    const r = parseAnalysis(output);
    if (l === undefined || r === undefined) continue;
    const leftPos = coarsePos(l.tags);
    // The output side often repeats no tag at all (tags are copied from the input at run time).
    const rightPos = r.tags.length === 0 ? leftPos : coarsePos(r.tags);
    if (leftPos === undefined || rightPos === undefined) continue;
    const key = `${l.lemma}\t${leftPos}\t${r.lemma}\t${rightPos}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ left: l.lemma, leftPos, right: r.lemma, rightPos });
  }
  return out;
}

/** Runs `lt-print` on a compiled bilingual dictionary and returns its lemma pairs (main sections only). */
export function readCompiledBidix(binPath: string): LemmaPair[] {
  const text = execFileSync('lt-print', [binPath], { encoding: 'utf8', maxBuffer: 1 << 30 });
  return lemmaPairs(expandTransducer(mainSection(parseAtt(text))));
}

/** Lemma → target lemma → weight, per part of speech: keys are `lemma TAB pos`. */
export type TranslationTable = Map<string, Map<string, number>>;

const BOTH_WAYS = 1;
const FORWARD_ONLY = 0.7;
const BACKWARD_ONLY = 0.5;

/**
 * A one-way table from a pair's two compiled directions: `forward` reads source → target (its default
 * translations and alternatives), `backward` reads target → source and is inverted. A pair found both
 * ways (an unrestricted dictionary entry) weighs {@link BOTH_WAYS}; one found one way only (a restricted
 * entry: a synonym, a variant) weighs less. Only pairs with the same part of speech on both sides count.
 */
export function translationTable(
  forward: readonly LemmaPair[],
  backward: readonly LemmaPair[],
): TranslationTable {
  const table: TranslationTable = new Map();
  const add = (source: string, pos: Pos, target: string, weight: number): void => {
    const key = `${source}\t${pos}`;
    let targets = table.get(key);
    if (targets === undefined) {
      targets = new Map();
      table.set(key, targets);
    }
    const had = targets.get(target);
    if (had === undefined) targets.set(target, weight);
    else if (had !== weight) targets.set(target, BOTH_WAYS);
  };
  for (const p of forward) if (p.leftPos === p.rightPos) add(p.left, p.leftPos, p.right, FORWARD_ONLY);
  for (const p of backward) if (p.leftPos === p.rightPos) add(p.right, p.rightPos, p.left, BACKWARD_ONLY);
  return table;
}

/**
 * Composes source → pivot → target, keeping the part of speech: the weight of a target is the sum,
 * over the pivot lemmas that lead to it, of the product of the two weights (a French word reached
 * through two Spanish words is more likely right than one reached through one).
 */
export function composeTables(first: TranslationTable, second: TranslationTable): TranslationTable {
  const out: TranslationTable = new Map();
  for (const [key, pivots] of first) {
    const pos = key.slice(key.indexOf('\t') + 1);
    const targets = new Map<string, number>();
    for (const [pivot, a] of pivots) {
      for (const [target, b] of second.get(`${pivot}\t${pos}`) ?? []) {
        targets.set(target, (targets.get(target) ?? 0) + a * b);
      }
    }
    if (targets.size > 0) out.set(key, targets);
  }
  return out;
}

/** One translation step: a pair's compiled directions, source → target and target → source. */
export interface Hop {
  forward?: string;
  backward?: string;
}

/** Compiled bilingual dictionaries (under /usr/share/apertium) leading from English to French. */
export interface PivotSpec {
  /** Debian packages that ship them. */
  packages: string[];
  /** English → pivot → … → French. */
  hops: Hop[];
}

const ENG_SPA: Hop = {
  forward: 'apertium-eng-spa/eng-spa.autobil.bin',
  backward: 'apertium-eng-spa/spa-eng.autobil.bin',
};
const ENG_EPO: Hop = {
  forward: 'apertium-eo-en/en-eo.autobil.bin',
  backward: 'apertium-eo-en/eo-en.autobil.bin',
};
// apertium-eo-fr only translates French → Esperanto, apertium-eo-es only Spanish → Esperanto.
const EPO_FRA: Hop = { backward: 'apertium-eo-fr/fr-eo.autobil.bin' };
const SPA_EPO: Hop = { forward: 'apertium-es-eo/es-eo.autobil.bin' };
const SPA_FRA: Hop = {
  forward: 'apertium-fr-es/es-fr.autobil.bin',
  backward: 'apertium-fr-es/fr-es.autobil.bin',
};

export const PIVOTS = {
  spanish: { packages: ['apertium-eng-spa', 'apertium-fr-es'], hops: [ENG_SPA, SPA_FRA] },
  esperanto: { packages: ['apertium-eo-en', 'apertium-eo-fr'], hops: [ENG_EPO, EPO_FRA] },
  /** Spanish then Esperanto: for Spanish words the French–Spanish pair lacks. */
  spanishEsperanto: {
    packages: ['apertium-eng-spa', 'apertium-eo-es', 'apertium-eo-fr'],
    hops: [ENG_SPA, SPA_EPO, EPO_FRA],
  },
} satisfies Record<string, PivotSpec>;

/** English → French through pivot languages, read from the installed packages (tables cached by file). */
export function pivotTable(spec: PivotSpec, apertiumDir = '/usr/share/apertium'): TranslationTable {
  const read = (file: string | undefined): LemmaPair[] => {
    if (file === undefined) return [];
    const path = `${apertiumDir}/${file}`;
    let pairs = bidixCache.get(path);
    if (pairs === undefined) {
      pairs = readCompiledBidix(path);
      bidixCache.set(path, pairs);
    }
    return pairs;
  };
  const [first, ...rest] = spec.hops.map((hop) => translationTable(read(hop.forward), read(hop.backward)));
  if (first === undefined) throw new Error('a pivot needs at least one hop');
  return rest.reduce(composeTables, first);
}

const bidixCache = new Map<string, LemmaPair[]>();

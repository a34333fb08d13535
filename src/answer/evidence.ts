import type { Concept } from '../search/query/concepts.js';
import type { AnalyzedToken } from '../search/query/parse.js';

/** A place in a text where one of the question's concepts was found. */
export interface ConceptHit {
  concept: number;
  /** How much this spelling counts for the concept (1 exact, less for a translation or a typo). */
  weight: number;
  start: number;
  end: number;
}

/**
 * First term → the concepts it stands for, built once per question. An alternative of several terms (an
 * expression such as "centr don", from "centre de données") is filed under its first term with the rest.
 */
export type ConceptLookup = Map<string, Array<{ concept: number; weight: number; rest: readonly string[] }>>;

export function conceptLookup(concepts: readonly Concept[]): ConceptLookup {
  const lookup: ConceptLookup = new Map();
  concepts.forEach((concept, index) => {
    for (const [alternative, weight] of concept.alternatives) {
      const [first = '', ...rest] = alternative.split(' ');
      const entries = lookup.get(first) ?? [];
      entries.push({ concept: index, weight, rest });
      lookup.set(first, entries);
    }
  });
  return lookup;
}

/**
 * Every analysed token (or run of adjacent tokens, for an expression) of the text that stands for a concept.
 * An expression may have one of the `insertable` terms (adverbs) after its first word: "pose ainsi les
 * bases" is "poser les bases", "mène désormais les discussions" "mener les discussions".
 */
export function findHits(
  tokens: readonly AnalyzedToken[],
  lookup: ConceptLookup,
  insertable: ReadonlySet<string> = NONE,
): ConceptHit[] {
  const hits: ConceptHit[] = [];
  tokens.forEach((token, i) => {
    const entries = lookup.get(token.term);
    if (entries === undefined) return;
    for (const entry of entries) {
      const last =
        lastTokenOf(entry.rest, tokens, i + 1) ?? skippingOne(entry.rest, tokens, i + 1, insertable);
      if (last === undefined) continue;
      hits.push({ concept: entry.concept, weight: entry.weight, start: token.start, end: last.end });
    }
  });
  return hits;
}

const NONE: ReadonlySet<string> = new Set();

/** Adverbs French puts inside a verb's expression ("pose ainsi les bases", "a déjà levé des fonds"). */
const INSERTED_ADVERBS =
  "ainsi déjà aussi également désormais encore toujours notamment donc alors bien enfin pourtant souvent vraiment d'ailleurs rapidement progressivement clairement actuellement certes";

const insertableByAnalyzer = new WeakMap<object, ReadonlySet<string>>();

/** The analysed terms of {@link INSERTED_ADVERBS}, once per analyzer. */
export function insertableTerms(analyzer: { terms(text: string): string[] }): ReadonlySet<string> {
  let terms = insertableByAnalyzer.get(analyzer);
  if (terms === undefined) {
    terms = new Set(analyzer.terms(INSERTED_ADVERBS));
    insertableByAnalyzer.set(analyzer, terms);
  }
  return terms;
}

/** The last token of `rest` read from `from` on, if the tokens there are `rest` (the first token when it is empty). */
function lastTokenOf(
  rest: readonly string[],
  tokens: readonly AnalyzedToken[],
  from: number,
): AnalyzedToken | undefined {
  return rest.every((term, k) => tokens[from + k]?.term === term)
    ? tokens[from + rest.length - 1]
    : undefined;
}

function skippingOne(
  rest: readonly string[],
  tokens: readonly AnalyzedToken[],
  from: number,
  insertable: ReadonlySet<string>,
): AnalyzedToken | undefined {
  const inserted = tokens[from]?.term;
  if (rest.length === 0 || inserted === undefined || !insertable.has(inserted)) return undefined;
  return lastTokenOf(rest, tokens, from + 1);
}

/**
 * The weighted share of the question's concepts found among the hits: each concept counts its weight once,
 * with the best spelling found.
 */
export function coveredWeight(hits: Iterable<ConceptHit>, conceptWeights: readonly number[]): number {
  const best = new Map<number, number>();
  for (const hit of hits) {
    if ((best.get(hit.concept) ?? 0) < hit.weight) best.set(hit.concept, hit.weight);
  }
  let covered = 0;
  for (const [concept, weight] of best) covered += (conceptWeights[concept] ?? 0) * weight;
  return covered;
}

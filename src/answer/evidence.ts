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

/** Every analysed token (or run of adjacent tokens, for an expression) of the text that stands for a concept. */
export function findHits(tokens: readonly AnalyzedToken[], lookup: ConceptLookup): ConceptHit[] {
  const hits: ConceptHit[] = [];
  tokens.forEach((token, i) => {
    const entries = lookup.get(token.term);
    if (entries === undefined) return;
    for (const entry of entries) {
      const last = entry.rest.every((term, k) => tokens[i + 1 + k]?.term === term)
        ? tokens[i + entry.rest.length]
        : undefined;
      if (last === undefined) continue;
      hits.push({ concept: entry.concept, weight: entry.weight, start: token.start, end: last.end });
    }
  });
  return hits;
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

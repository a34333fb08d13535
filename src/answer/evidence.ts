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

/** Term → the concepts it stands for, built once per question. */
export type ConceptLookup = Map<string, Array<{ concept: number; weight: number }>>;

export function conceptLookup(concepts: readonly Concept[]): ConceptLookup {
  const lookup: ConceptLookup = new Map();
  concepts.forEach((concept, index) => {
    for (const [term, weight] of concept.alternatives) {
      const entries = lookup.get(term) ?? [];
      entries.push({ concept: index, weight });
      lookup.set(term, entries);
    }
  });
  return lookup;
}

/** Every analysed token of the text that stands for a concept of the question. */
export function findHits(tokens: readonly AnalyzedToken[], lookup: ConceptLookup): ConceptHit[] {
  const hits: ConceptHit[] = [];
  for (const token of tokens) {
    const entries = lookup.get(token.term);
    if (entries === undefined) continue;
    for (const entry of entries) {
      hits.push({ concept: entry.concept, weight: entry.weight, start: token.start, end: token.end });
    }
  }
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

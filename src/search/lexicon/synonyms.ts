/**
 * French synonyms of tech and business news, for questions that paraphrase an article: "ordinateur géant"
 * for "supercalculateur", "robot de discussion" for "chatbot", "tour de table" for "levée de fonds".
 *
 * `fr-synonyms.json` is a hand-curated list of groups of words and expressions a journalist could swap
 * without changing the fact stated. It is deliberately narrow: a loose synonym ("directeur" for "PDG")
 * would let a question the articles never answer borrow their words and get a confident wrong quote.
 *
 * Members are compared as analysed forms (stemmed terms joined by a space), so "puces" finds the group of
 * "puce", and an expression ("centre de données") is a sequence of terms, matched only when adjacent.
 */
import { readFileSync } from 'node:fs';
import type { VerbForms } from './verbs.js';

export interface Thesaurus {
  /** How many terms, from `start`, make the longest expression of several words the thesaurus knows (0 if none). */
  expressionLengthAt(terms: readonly string[], start: number): number;
  /** The other forms of every group holding this form (analysed terms joined by a space). */
  synonymsOf(form: string): readonly string[];
}

const MAX_EXPRESSION_TERMS = 4;

/** A name and the descriptions that designate it ("Musk": "le milliardaire", "le patron de Tesla"). */
export type Designations = Readonly<Record<string, readonly string[]>>;

/**
 * Groups are symmetric: each member finds the others. A designation goes one way: "le fabricant de puces"
 * finds "Nvidia", but "Nvidia" does not find every chipmaker.
 */
export function buildThesaurus(
  groups: readonly (readonly string[])[],
  terms: (text: string) => string[],
  designations: Designations = {},
): Thesaurus {
  const synonyms = new Map<string, Set<string>>();
  const expressions = new Set<string>();
  const formOf = (member: string) => terms(member).join(' ');
  const link = (form: string, others: readonly string[]) => {
    if (form.includes(' ')) expressions.add(form);
    const linked = synonyms.get(form) ?? new Set<string>();
    for (const other of others) if (other !== form) linked.add(other);
    synonyms.set(form, linked);
  };
  for (const group of groups) {
    const forms = [...new Set(group.map(formOf).filter((form) => form !== ''))];
    for (const form of forms) link(form, forms);
  }
  for (const [name, descriptions] of Object.entries(withComposedDesignations(designations))) {
    const nameForm = formOf(name);
    if (nameForm === '') continue;
    for (const description of descriptions) {
      const form = formOf(description);
      // a description longer than an expression can be is never found
      if (form !== '' && form.split(' ').length <= MAX_EXPRESSION_TERMS) link(form, [nameForm]);
    }
  }
  return {
    expressionLengthAt(sequence, start) {
      for (let length = Math.min(MAX_EXPRESSION_TERMS, sequence.length - start); length >= 2; length--) {
        if (expressions.has(sequence.slice(start, start + length).join(' '))) return length;
      }
      return 0;
    },
    synonymsOf(form) {
      return [...(synonyms.get(form) ?? [])];
    },
  };
}

/**
 * A description that names another designated name also holds in that name's descriptions: "patron de
 * Nvidia" is Huang, so "patron du fabricant de puces" is Huang too. One level deep.
 */
export function withComposedDesignations(designations: Designations): Designations {
  const escapeForRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  // "patron de Tesla", "réseau social de Musk": the other name ends the description, after "de" or "of"
  const owners = Object.keys(designations).map(
    (name) =>
      [name, new RegExp(`(?<=(?:\\sde|\\sof)\\s+|\\sd['’]\\s*)${escapeForRegExp(name)}$`, 'u')] as const,
  );
  const composed: Record<string, string[]> = {};
  for (const [name, descriptions] of Object.entries(designations)) {
    const all = new Set(descriptions);
    for (const description of descriptions) {
      for (const [owner, pattern] of owners) {
        if (owner === name || !pattern.test(description)) continue;
        for (const ownerDescription of designations[owner] ?? []) {
          // "patron de groupe de Mark Zuckerberg" would describe Zuckerberg by himself
          if (!ownerDescription.includes(name)) all.add(description.replace(pattern, ownerDescription));
        }
      }
    }
    composed[name] = [...all];
  }
  return composed;
}

let groups: string[][] | undefined;
let designations: Designations | undefined;

function loadGroups(): string[][] {
  if (groups === undefined) {
    const file = JSON.parse(readFileSync(new URL('./fr-synonyms.json', import.meta.url), 'utf8')) as {
      groups: string[][];
    };
    groups = file.groups;
  }
  return groups;
}

/** `fr-entities.json`: how the press designates the companies, people and places of tech news. */
function loadDesignations(): Designations {
  if (designations === undefined) {
    const file = JSON.parse(readFileSync(new URL('./fr-entities.json', import.meta.url), 'utf8')) as {
      entities: Designations;
    };
    designations = file.entities;
  }
  return designations;
}

/** A verb that opens an expression of several words ("poser les bases", "mettre en commun"). */
const OPENING_INFINITIVE = /^[\p{L}]+(?:er|ir|re)(?=\s)/u;

/**
 * The groups, each expression that opens on an infinitive also in the verb's other forms: the thesaurus
 * says "poser les bases", "mettre en commun", the articles "pose les bases", "met en commun" (the light
 * stemmer keeps short forms apart from their infinitive).
 */
export function withVerbForms(
  groups: readonly (readonly string[])[],
  verbs: VerbForms,
  terms: (text: string) => string[],
): string[][] {
  return groups.map((group) => {
    const members = new Set(group);
    for (const member of group) {
      const verb = OPENING_INFINITIVE.exec(member)?.[0];
      const family = verb === undefined ? [] : verbs.familyOf(verb);
      if (verb === undefined || !family.includes(verb)) continue;
      const length = terms(member).length;
      for (const form of family) {
        const written = form + member.slice(verb.length);
        // a form the analysis drops ("est" of "être lié à") would leave a single word, a looser synonym
        if (terms(written).length === length) members.add(written);
      }
    }
    return [...members];
  });
}

const thesauri = new WeakMap<object, WeakMap<VerbForms, Thesaurus>>();

/**
 * The bundled French thesaurus, analysed with this analyzer's chain, its verb expressions in every form
 * `verbs` knows (built once per analyzer and verb table).
 */
export function frenchThesaurus(analyzer: { terms(text: string): string[] }, verbs: VerbForms): Thesaurus {
  let byVerbs = thesauri.get(analyzer);
  if (byVerbs === undefined) {
    byVerbs = new WeakMap();
    thesauri.set(analyzer, byVerbs);
  }
  let thesaurus = byVerbs.get(verbs);
  if (thesaurus === undefined) {
    const terms = (text: string) => analyzer.terms(text);
    thesaurus = buildThesaurus(withVerbForms(loadGroups(), verbs, terms), terms, loadDesignations());
    byVerbs.set(verbs, thesaurus);
  }
  return thesaurus;
}

/**
 * The forms of a French verb, so that a question's "a rejoint" finds an article's "rejoindre", "ça vaut"
 * finds "valent", and an English "joined" (translated "rejoindre") finds "ont rejoint": the light stemmer
 * only cuts endings and keeps such forms apart. Conjugations come from the Lefff lexicon (package
 * french-verbs-lefff). Only the forms news text and questions use are kept: third persons, past
 * participles and infinitives — first and second persons are mostly homographs of nouns ("sommes",
 * "avions", "cours"), present participles of prepositions ("pendant", "suivant").
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { foldAccents } from '../analysis/fold.js';

type Conjugation = Partial<
  Record<'P' | 'S' | 'I' | 'J' | 'F' | 'C' | 'K' | 'W', ReadonlyArray<string | null>>
>;

/** Third person singular and plural in the tenses given by six persons. */
const THIRD_PERSONS = [2, 5];
const PERSONAL_TENSES = ['P', 'S', 'I', 'J', 'F', 'C'] as const;

/**
 * Verbs that are function words (the stop-word list has their forms), and forms that are as often
 * another word: a noun or an adjective the verb has nothing to do with ("part" of "partir", "court" of
 * "courir", "fond" of "fondre", "été" of "être").
 */
const SKIPPED_VERBS = new Set(['être', 'avoir']);
const HOMOGRAPHS = new Set([
  'part',
  'parts',
  'partie',
  'parties',
  'parti',
  'partis',
  'vue',
  'vues',
  'vus',
  'entreprise',
  'entreprises',
  'atteinte',
  'atteintes',
  'issue',
  'issues',
  'sorte',
  'sortes',
  'place',
  'places',
  'forme',
  'formes',
  'nuit',
  'pensée',
  'pensées',
  'armée',
  'armées',
  'portée',
  'somme',
  'sommes',
  'but',
  'buts',
  'bus',
  'données',
  'donnée',
  'marché',
  'marchés',
  'voie',
  'voies',
  'entre',
  'cela',
  'court',
  'sort',
  'fond',
  'mort',
  'morts',
  'plus',
  'vis',
  'sens',
  'été',
  'due',
  'dus',
  'dues',
  'cru',
  'crue',
  'tu',
  'vu',
  'su',
  'lu',
  'pu',
  'bu',
  'né',
  'dû',
]);

export interface VerbForms {
  /**
   * Every form of the verb or verbs this word is a form of, the word included; empty if it is none. Found
   * with or without its accents ("detiennent", "leve").
   */
  familyOf(word: string): readonly string[];
}

function formsOf(conjugation: Conjugation): string[] {
  const forms: string[] = [];
  for (const tense of PERSONAL_TENSES) {
    for (const person of THIRD_PERSONS) forms.push(conjugation[tense]?.[person] ?? '');
  }
  forms.push(
    ...(conjugation.K ?? []).map((form) => form ?? ''),
    ...(conjugation.W ?? []).map((form) => form ?? ''),
  );
  return [...new Set(forms)].filter((form) => form.length > 0 && form !== 'NA' && !HOMOGRAPHS.has(form));
}

export function buildVerbForms(conjugations: Readonly<Record<string, Conjugation>>): VerbForms {
  const families = new Map<string, string[]>();
  for (const [infinitive, conjugation] of Object.entries(conjugations)) {
    if (SKIPPED_VERBS.has(infinitive)) continue;
    const forms = formsOf(conjugation);
    for (const form of forms) {
      const key = foldAccents(form);
      const family = families.get(key);
      families.set(key, family === undefined ? forms : [...new Set([...family, ...forms])]);
    }
  }
  return {
    familyOf: (word) => {
      const lower = word.toLowerCase();
      // "marché" folds to "marche", a form of "marcher": the word as written decides
      return HOMOGRAPHS.has(lower) ? [] : (families.get(foldAccents(lower)) ?? []);
    },
  };
}

let lefff: VerbForms | undefined;

/** The Lefff's French verbs, read once (6 MB of JSON, about 0.3 s). */
export function frenchVerbForms(): VerbForms {
  if (lefff === undefined) {
    const path = createRequire(import.meta.url).resolve('french-verbs-lefff/dist/conjugations.json');
    lefff = buildVerbForms(JSON.parse(readFileSync(path, 'utf8')));
  }
  return lefff;
}

import { type AnswerKind, askedDateUnit, FRENCH_MONTHS, FRENCH_WEEKDAYS } from '../search/query/kind.js';
import type { Measure } from '../search/query/measure.js';

const NUMBER_WORD =
  /(?<![\p{L}\p{N}])(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|vingt|trente|quarante|cinquante|soixante|cent|mille|million|milliard|dizaine|centaine|moitié|tiers|quart)s?(?![\p{L}\p{N}])/iu;
const STANDALONE_NUMBER = /(?<![\p{L}\p{N}])\d+(?:[ \u00A0\u202F]\d{3})*(?:[.,]\d+)?(?![\p{L}\p{N}])/gu;
/**
 * An amount of money: a number of dollars or euros, or of millions or billions not said to count something
 * else ("80 milliards pour xAI", "20 milliards de dollars", but not "600 millions d'utilisateurs").
 */
export const MONEY_AMOUNT =
  /(?<![\p{L}\p{N}])\d+(?:[ \u00A0\u202F]\d{3})*(?:[.,]\d+)?\s*(?:(?:milliards?|millions?|mds?|md|mrds?|k|M|Md)(?![\p{L}])(?!\s+d(?:e\s+|['’]\s*)(?!dollars|euros|\$|€|USD)\p{L})|(?:dollars?|euros?)(?![\p{L}])|\$|€)|[$€]\s*\d/u;
const MONEY_AMOUNTS = new RegExp(MONEY_AMOUNT.source, 'gu');
const PERCENTAGE = /\d\s*%|\bpour\s*cent\b|\bpourcent/iu;
export const DURATION =
  /(?:\d+|(?<![\p{L}\p{N}])(?:un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|vingt|trente|cent))\s+(?:jours?|semaines?|mois|ans|années?|heures?|minutes?|trimestres?|days?|weeks?|months?|years?)\b/iu;
// Word edges are written (?<![\p{L}\p{N}]) … (?![\p{L}\p{N}]), not \b: \b is ASCII-only, so "récent" would hold "cent".
/** A number, possibly scaled ("50 millions de", "des milliards de"), then at most one word, ending where the counted word starts. */
const NUMBER_BEFORE =
  /(?:(?:(?<![\p{L}\p{N}])\d+(?:[ \u00A0\u202F]\d{3})*(?:[.,]\d+)?|(?<![\p{L}\p{N}])(?:un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|vingt|trente|quarante|cinquante|cent|mille))(?:\s+(?:millions?|milliards?|milliers?|centaines?|dizaines?))?|(?<![\p{L}\p{N}])(?:des|de)\s+(?:millions|milliards|milliers|centaines|dizaines))(?:\s+(?:de|d['’]))?\s*(?:[\p{L}-]+\s+)?$/iu;
const EQUIVALENT = /(?<![\p{L}])[ée]quivalents?(?![\p{L}])/iu;
const EQUIVALENT_BEFORE = /(?<![\p{L}])[ée]quivalents?\s+$/iu;
const DATE = new RegExp(
  String.raw`\b(?:(?:19|20)\d{2}|${FRENCH_MONTHS}|${FRENCH_WEEKDAYS}|hier|aujourd'hui|demain)\b|(?:cette|la)\s+semaine|(?:ce|le)\s+mois|(?:cette|l['’])\s*année|(?:semaine|mois|année)\s+(?:derni[eè]re?|prochaine?|pass[ée]e?)`,
  'iu',
);
const REASON =
  /\b(?:car|parce qu|afin|pour|en raison|grâce|puisqu|donc|ainsi|permet|vise|visant|objectif|dans le but|l['’]effet est)|:/iu;
const MEANS = /\b(?:grâce|via|en|par|pour|afin|permet|vise|avec)\b|:/iu;
/** A capitalised word after a preposition of place: "dans le Tennessee", "à Washington", "en Europe". */
const PLACE =
  /(?<![\p{L}])(?:à|au|aux|en|dans(?:\s+(?:le|la|les|l'|l’))?|près\s+de|depuis|in|at)\s*(\p{Lu}\p{Ll}[\p{L}-]*)/gu;
const CAPITALISED_WORD = /(?<![\p{L}\p{N}'’])\p{Lu}[\p{L}\p{N}-]+/gu;

/** What the answer must hold, from the question. */
export interface AnswerShape {
  kind: AnswerKind;
  /** For numbers: what is measured. */
  measure?: Measure;
  /** The question as asked: numbers and names it already gives are not the answer. */
  text: string;
  /** For a definition: the name to define. */
  defines?: string;
  /** For "comment s'appelle le régulateur": the concept whose name is asked. */
  naming?: number;
  /** For "OpenAI a-t-il plus de GPU que xAI ?": the answer must compare. */
  compares?: boolean;
}

/** A comparison said: "plus … que", "dépasse", "supérieure à", "more than". */
const COMPARISON =
  /(?<![\p{L}])(?:plus|moins|davantage|autant|sup[ée]rieure?s?|inf[ée]rieure?s?|d[ée]pass\p{L}*|devan[cç]\p{L}*|surpass\p{L}*|more|less|fewer|than|ahead)(?![\p{L}])/iu;

/**
 * Whether a passage holds the kind of answer the question asks for: a number for "combien" (of the right
 * measure: money, a percentage, a duration, or a count of the thing asked about), a name for "qui", a date
 * for "quand", a reason for "pourquoi". `focusAt` gives where, in the passage, the thing the answer is of is
 * named — the counted thing ("combien de GPU"), the thing whose name is asked ("comment s'appelle le
 * régulateur") —, and `wordsAt` where the question's words are (a date must be near them). `namedAs` gives
 * the passage's own words for the name a definition asks about ("AGI" for "intelligence artificielle
 * générale").
 */
export function holdsAnswerKind(
  passage: string,
  shape: AnswerShape,
  focusAt: readonly number[] = [],
  wordsAt?: readonly number[],
  namedAs: readonly string[] = [],
): boolean {
  // a quote that names both things compared without comparing them does not say which is more
  if (shape.compares === true && !COMPARISON.test(passage)) return false;
  const question = shape.text;
  switch (shape.kind) {
    case 'number':
      return (
        !ratePeriodDiffers(passage, question) &&
        holdsMeasure(passage, shape.measure ?? { unit: 'any' }, question, focusAt, wordsAt)
      );
    case 'who':
      return hasNewName(passage, question, shape.naming === undefined ? undefined : focusAt);
    case 'where':
      return hasNewPlace(passage, question);
    case 'when':
      return hasDateNear(passage, question, wordsAt);
    case 'why':
      return REASON.test(passage);
    case 'how':
      return MEANS.test(passage);
    case 'definition':
      return definesName(passage, shape.defines ?? '') || namedAs.some((name) => saysWhatIs(passage, name));
    case 'other':
      return true;
  }
}

/** How often a rate is counted: "utilisateurs actifs mensuels" are not "par jour". */
const RATE_PERIODS: readonly RegExp[] = [
  /(?<![\p{L}])(?:par\s+jour|quotidien\p{L}*|journali[eè]r\p{L}*|daily|per\s+day|a\s+day)(?![\p{L}])/iu,
  /(?<![\p{L}])(?:par\s+semaine|hebdomadaire\p{L}*|weekly|per\s+week|a\s+week)(?![\p{L}])/iu,
  /(?<![\p{L}])(?:par\s+mois|mensuel\p{L}*|monthly|per\s+month|a\s+month)(?![\p{L}])/iu,
  /(?<![\p{L}])(?:par\s+an|annuel\p{L}*|yearly|annual\p{L}*|per\s+year|a\s+year)(?![\p{L}])/iu,
];

/** Whether the question asks a rate over one period and the passage gives it over another only. */
function ratePeriodDiffers(passage: string, question: string): boolean {
  const asked = RATE_PERIODS.filter((period) => period.test(question));
  if (asked.length === 0) return false;
  return !asked.some((period) => period.test(passage)) && RATE_PERIODS.some((period) => period.test(passage));
}

function holdsMeasure(
  passage: string,
  measure: Measure,
  question: string,
  countedAt: readonly number[],
  wordsAt?: readonly number[],
): boolean {
  switch (measure.unit) {
    case 'money':
      return wordsAt === undefined ? MONEY_AMOUNT.test(passage) : hasAskedAmount(passage, wordsAt);
    case 'percentage':
      return PERCENTAGE.test(passage);
    case 'duration':
      return DURATION.test(passage);
    case 'count': {
      // "un million d'équivalents GPU" counts GPUs only for a question that asks equivalents too
      const equivalentsAsked = EQUIVALENT.test(question);
      return countedAt.some((at) => {
        const before = passage.slice(Math.max(0, at - 60), at);
        return NUMBER_BEFORE.test(before) && (equivalentsAsked || !EQUIVALENT_BEFORE.test(before));
      });
    }
    case 'any':
      return hasNewNumber(passage, question);
  }
}

/** The noun an amount is of: "la dette de 13 milliards", "une valorisation d’environ 230 milliards". */
const AMOUNT_HEAD = /([\p{L}-]+)\s+(?:de|d['’])\s*$/u;
/** How far back (in characters) the noun an amount is of is looked for. */
const AMOUNT_HEAD_REACH = 40;
/** Words before "de" that size an amount rather than say what it is of: "plus de 20 milliards". */
const SIZING_WORD = /^(?:plus|moins|près|environ|hauteur|ordre|total|montant|somme|valeur)$/iu;

/**
 * An amount of money of something the question asks about: "combien Musk a-t-il payé Twitter ?" is not
 * answered by "céder la dette de 13 milliards". An amount the passage says of a noun ("la dette de …")
 * counts only if that noun is one of the question's words (`wordsAt`); a bare amount ("a levé 20
 * milliards") always counts.
 */
function hasAskedAmount(passage: string, wordsAt: readonly number[]): boolean {
  for (const match of passage.matchAll(MONEY_AMOUNTS)) {
    const before = passage.slice(Math.max(0, match.index - AMOUNT_HEAD_REACH), match.index);
    const head = AMOUNT_HEAD.exec(before);
    const noun = head?.[1];
    if (head === null || noun === undefined || SIZING_WORD.test(noun)) return true;
    const nounAt = match.index - before.length + head.index;
    if (wordsAt.some((at) => at >= nounAt && at < nounAt + noun.length)) return true;
  }
  return false;
}

/** How far (in characters) a date may be from a word of the question to be the date of what it asks. */
const DATE_REACH = 60;

/**
 * A date, and — when we know where the question's words are — one close to them: in "cette fusion intervient
 * alors que les banques ayant financé l'achat de Twitter en 2022…", 2022 is the purchase's, not the merger's.
 */
function hasDateNear(passage: string, question: string, wordsAt: readonly number[] | undefined): boolean {
  const dates = new RegExp((askedDateUnit(question) ?? DATE).source, 'giu');
  for (const match of passage.matchAll(dates)) {
    if (wordsAt === undefined || wordsAt.some((at) => Math.abs(at - match.index) <= DATE_REACH)) return true;
  }
  return false;
}

function hasNewNumber(passage: string, question: string): boolean {
  const asked = new Set(Array.from(question.matchAll(STANDALONE_NUMBER), (m) => digitsOf(m[0])));
  for (const match of passage.matchAll(STANDALONE_NUMBER)) {
    if (!asked.has(digitsOf(match[0]))) return true;
  }
  return NUMBER_WORD.test(passage) && !NUMBER_WORD.test(question);
}

function digitsOf(number: string): string {
  return number.replace(/\D/g, '');
}

/** Capitalised words that name things or titles, not someone or some firm: "GPU", "IA", "PDG". */
const COMMON_ACRONYMS = new Set([
  'IA',
  'AI',
  'API',
  'GPU',
  'GPUS',
  'CPU',
  'CPUS',
  'AGI',
  'SPV',
  'DSI',
  'UE',
  'PDG',
  'CEO',
  'IPO',
  'SA',
  'SAS',
]);

export function isCommonAcronym(word: string): boolean {
  return COMMON_ACRONYMS.has(word.toUpperCase());
}

/**
 * People and bodies a "qui" may be answered with without a name: "à qui les ministres ont-ils signalé
 * Grok ?" — "aux procureurs". Not "quels ministres", "which banks": those ask which ones, by name.
 */
const PERSON_NOUN =
  /(?<![\p{L}])(?:procureurs?|régulateurs?|autorités|ministres?|juges?|tribunaux|tribunal|gouvernements?|banques?|prêteurs?|investisseurs?|actionnaires?|clients?|enquêteurs?|législateurs?|parlementaires?)(?![\p{L}])/giu;

const WHO = /(?<![\p{L}])(?:qui|ki|who|whom)(?![\p{L}])/iu;

/** How far (in characters) the name may be from the thing whose name is asked: "son IA Claude", "Ofcom, le régulateur". */
const NAME_REACH = 30;

function hasNewName(passage: string, question: string, namedAt?: readonly number[]): boolean {
  const asked = question.toLowerCase();
  for (const match of WHO.test(question) ? passage.matchAll(PERSON_NOUN) : []) {
    if (!asked.includes(match[0].toLowerCase().replace(/s$/u, ''))) return true;
  }
  return newNames(passage, question, namedAt).length > 0;
}

/** Words that start the next item of a list: a name after them is another thing's ("le fonds du Qatar et Valour"). */
const NEXT_ITEM = /[;.]|(?<![\p{L}])(?:et|ou|and|or)(?![\p{L}])/iu;

/**
 * Whether a name at `at` may be the name of the thing named at `place`: close to it, and in the same item of
 * a list. After the thing, no comma comes between ("le régulateur Ofcom"); before it, one comma may
 * ("Valour Equity Partners, la société d'investissement").
 */
function namesThere(passage: string, place: number, at: number): boolean {
  if (Math.abs(place - at) > NAME_REACH) return false;
  const between = passage.slice(Math.min(place, at), Math.max(place, at));
  if (NEXT_ITEM.test(between)) return false;
  const commas = between.split(',').length - 1;
  return at > place ? commas === 0 : commas <= 1;
}

/**
 * The names of someone or something in the passage that the question does not give: capitalised words not
 * opening a sentence, not "GPU", "IA" or "H100" — and, when `namedAt` is given, within reach of the thing
 * whose name is asked.
 */
export function newNames(passage: string, question: string, namedAt?: readonly number[]): string[] {
  const asked = question.toLowerCase();
  return Array.from(passage.matchAll(CAPITALISED_WORD), (match) => ({ name: match[0], at: match.index }))
    .filter(({ name, at }) => {
      const atSentenceStart = at === 0 || /[.!?]\s*$/.test(passage.slice(0, at));
      const someone = !isCommonAcronym(name) && !/\d/u.test(name);
      const near = namedAt === undefined || namedAt.some((place) => namesThere(passage, place, at));
      return !atSentenceStart && someone && near && !asked.includes(name.toLowerCase());
    })
    .map(({ name }) => name);
}

/** The numbers written in digits in a text ("20", "200 000", "1,5"). */
export function numbersIn(text: string): string[] {
  return Array.from(text.matchAll(STANDALONE_NUMBER), (match) => match[0]);
}

/** "quelle ville", "which city": French names a city after a bare "à" ("à Memphis"). */
const ASKS_A_CITY = /(?<![\p{L}])(?:villes?|cit(?:y|ies))(?![\p{L}])/iu;
/** "dans le Tennessee", "au Texas", "en Californie": a state, a region or a country, not a city. */
const NOT_A_CITY = /^(?:au|aux|en|dans)(?![\p{L}])/iu;

/** A country or a region with its article ("le fonds souverain du Qatar", "face à la Chine"). */
const PLACE_WITH_ARTICLE =
  /(?<![\p{L}])(?:du|des|de\s+la|de\s+l['’]|à\s+la|à\s+l['’])\s*(\p{Lu}\p{Ll}[\p{L}-]*)/gu;
/** Where a person or a company is from, said by its adjective ("l'investisseur saoudien"). */
const NATIONALITY =
  /(?<![\p{L}])((?:sud-|nord-)?(?:am[ée]ricain|chinois|fran[çc]ais|britannique|anglais|allemand|japonais|cor[ée]en|indien|russe|saoudien|qatari|qatarien|[ée]mirati|isra[ée]lien|canadien|mexicain|br[ée]silien|italien|espagnol|n[ée]erlandais|su[ée]dois|suisse|belge|ta[iï]wanais|singapourien|africain|australien|irlandais|europ[ée]en|asiatique)(?:e|s|es|ne|nes)?)(?![\p{L}])/giu;

function hasNewPlace(passage: string, question: string): boolean {
  const asked = question.toLowerCase();
  const cityAsked = ASKS_A_CITY.test(question);
  const isNew = (place: string | undefined) => place !== undefined && !asked.includes(place.toLowerCase());
  for (const match of passage.matchAll(PLACE)) {
    if (cityAsked && NOT_A_CITY.test(match[0])) continue;
    if (isNew(match[1])) return true;
  }
  if (cityAsked) return false;
  for (const match of passage.matchAll(PLACE_WITH_ARTICLE)) if (isNew(match[1])) return true;
  for (const match of passage.matchAll(NATIONALITY)) if (isNew(match[1])) return true;
  return false;
}

/** An article or a possessive, as a whole word, or elided ("l’investisseur"). */
const ARTICLE = `(?<![\\p{L}\\p{N}])(?:(?:le|la|les|un|une|son|sa|ses|leur|ce|cette|du|des)(?![\\p{L}\\p{N}])|l['’])`;
/** A word of a noun phrase before the name: "de" may join it ("le PDG de NVIDIA"), other little words not ("tracée par"). */
const NOUN_PHRASE_WORD = `(?!(?:par|pour|avec|sur|dans|à|au|aux|en|et|ou|que|qui|dont|est|a|ont|entre|chez|vers|selon|contre|comme|sans)(?![\\p{L}]))[\\p{L}’'-]+`;
/** The words that make a name a complement rather than the thing named ("un rival de Mark Zuckerberg"). */
const COMPLEMENT = `(?<![\\p{L}])(?:de|d['’]|du|des)`;

/**
 * Whether the passage says what the name is: in apposition ("Colossus, le supercalculateur…", "Liz
 * Kendall, la secrétaire…", "l’AGI, c’est-à-dire…"), after a noun phrase ("son supercalculateur
 * Colossus", "le PDG de NVIDIA, Jensen Huang", "véhicules à usage spécial (SPV)"), or as "X est un…". Not
 * "un rival direct de Mark Zuckerberg", which says what someone else is.
 */
export function definesName(passage: string, name: string): boolean {
  const { says, spelledOut } = definitionsOf(name);
  return says.some((definition) => definition.test(passage)) || (spelledOut?.test(passage) ?? false);
}

/** Whether the passage says what the name is, not merely spells it out ("… générale (AGI)"). */
function saysWhatIs(passage: string, name: string): boolean {
  return definitionsOf(name).says.some((definition) => definition.test(passage));
}

/**
 * Whether the passage only spells the name out ("l’intelligence artificielle générale (AGI)") rather than
 * saying what it is: a weaker definition than "l’AGI, c’est-à-dire…".
 */
export function onlySpellsOut(passage: string, name: string): boolean {
  const { says, spelledOut } = definitionsOf(name);
  return (spelledOut?.test(passage) ?? false) && !says.some((definition) => definition.test(passage));
}

/** The definition patterns of a name, built once per name: every sentence read for the question tests them. */
const definitionsOf = memoizeLast((name: string): { says: RegExp[]; spelledOut?: RegExp } => {
  const words = name.split(/\s+/u).filter((word) => word.length > 0);
  if (words.length === 0) return { says: [] };
  const escaped = words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')).join('[\\s-]+');
  // "Grok-3" and "Grok 4" are other names than "Grok"
  const named = `(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}]|[-\\s]\\p{N})`;
  const phrase = `${ARTICLE}\\s*(?:${NOUN_PHRASE_WORD}\\s+){0,3}?`;
  const says = [
    `${named}\\s*,\\s*${ARTICLE}`,
    // "l’AGI, c’est-à-dire une intelligence artificielle capable…"
    `${named}\\s*,?\\s*(?:c['’]est[\\s-]à[\\s-]dire|autrement\\s+dit|à\\s+savoir)\\s`,
    `${named}\\s+(?:est|était|sera|sont|désigne)\\s+(?:[\\p{L}]+\\s+){0,2}?(?:comme\\s+)?${ARTICLE}`,
    // an apposition closed by punctuation: "le PDG de NVIDIA, Jensen Huang." (not "Grâce à la fusion, X fournira")
    `${phrase}${NOUN_PHRASE_WORD}\\s*,\\s+${named}(?=\\s*[,.;:)»]|\\s*$)`,
    `${phrase}(?!${COMPLEMENT}\\s)${NOUN_PHRASE_WORD}\\s+${named}`,
  ];
  return {
    says: says.map((definition) => new RegExp(definition, 'iu')),
    // "véhicules à usage spécial (SPV)"
    spelledOut: new RegExp(`[\\p{L}]\\s*\\(${escaped}\\)`, 'iu'),
  };
});

/** The last result of a function of one string: questions come one at a time. */
function memoizeLast<T>(compute: (key: string) => T): (key: string) => T {
  let last: { key: string; value: T } | undefined;
  return (key) => {
    if (last?.key !== key) last = { key, value: compute(key) };
    return last.value;
  };
}

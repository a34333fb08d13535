/**
 * Builds `src/search/lexicon/en-fr.json`, the English→French word list used to search French articles
 * with English questions, from three kinds of Debian data:
 *
 * - FreeDict's English-French dictionary (GPL-2.0-or-later, `src/search/lexicon/LICENSE-freedict.txt`);
 * - Apertium's bilingual dictionaries, composed English → Spanish → French and English → Esperanto →
 *   French, part of speech kept (GPL-2.0, `src/search/lexicon/LICENSE-apertium.txt`); for English words
 *   neither knows, English → Spanish → Esperanto → French. Debian ships them compiled only: they are
 *   read with `lt-print` (see `scripts/apertium-lexicon.ts`);
 * - Debian's `wfrench` word list, to drop translations that are not French words.
 *
 *   apt-get install dict-freedict-eng-fra wfrench lttoolbox \
 *     apertium-eng-spa apertium-fr-es apertium-eo-en apertium-eo-fr apertium-eo-es
 *   npx tsx scripts/build-lexicon.ts [--dict /usr/share/dictd/freedict-eng-fra] \
 *     [--french-words /usr/share/dict/french] [--apertium /usr/share/apertium] [--out path.json]
 *
 * (About 30 s; `lt-print` comes with the `lttoolbox` package.)
 *
 * FreeDict is in dictd format: `NAME.index` lines are `headword TAB offset TAB length` (offsets in dictd's
 * base-64), pointing into `NAME.dict.dz` (gzip). An entry is `headword /phonetics/ <pos>` followed by one
 * line per sense, either `1. a, b, c` or just `a, b, c`.
 *
 * Merging: each source gives, per English headword, French words with a score in (0, 1] (FreeDict by
 * sense order; a pivot by how many pivot words lead to the French word, and whether the dictionary
 * entries hold both ways). A word's scores are added over sources, so words that several sources agree
 * on come first; weak single-source guesses are dropped.
 *
 * Output: `{ "english": ["français", …] }`, keys sorted, one entry per line (biome's layout), at most
 * {@link MAX_TRANSLATIONS} single lower-case French words per English headword (one word or two-word
 * headwords only). The output only depends on the input files: the build is deterministic.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { PIVOTS, type Pos, pivotTable, type TranslationTable } from './apertium-lexicon.js';

export const MAX_TRANSLATIONS = 6;
const DEFAULT_DICT = '/usr/share/dictd/freedict-eng-fra';
const DEFAULT_FRENCH_WORDS = '/usr/share/dict/french';
const DEFAULT_APERTIUM = '/usr/share/apertium';
const DEFAULT_OUT = fileURLToPath(new URL('../src/search/lexicon/en-fr.json', import.meta.url));

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** dictd's base-64 numbers: most significant digit first, no padding. */
export function decodeDictdNumber(text: string): number {
  let n = 0;
  for (const c of text) {
    const digit = B64.indexOf(c);
    if (digit < 0) throw new Error(`bad dictd number: ${JSON.stringify(text)}`);
    n = n * 64 + digit;
  }
  return n;
}

export interface DictEntry {
  /** Headword as written in the entry (original case). */
  headword: string;
  /** One list of French alternatives per sense, in order. */
  senses: string[][];
}

export function parseEntry(text: string): DictEntry | undefined {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const first = lines[0];
  if (first === undefined) return undefined;
  const headword = first
    .replace(/\s*<[^>]*>\s*$/u, '')
    .replace(/\s*\/[^/]*\/\s*$/u, '')
    .trim();
  const senses = lines.slice(1).map((line) =>
    line
      .replace(/^\s*\d+\.\s*/u, '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );
  return { headword, senses: senses.filter((s) => s.length > 0) };
}

/** French words that say nothing alone (dropped from multi-word translations). */
const FRENCH_GLUE = new Set(
  'à au aux avec ce de des du en et la le les l un une par pour sur dans se s ne pas que qui y'.split(' '),
);

/**
 * A translation as one lower-case French word, or undefined: articles ("le", "la", "l'", "un", "une"),
 * reflexive "se", notes in brackets and gender marks are stripped; multi-word phrases are refused.
 */
export function cleanTranslation(raw: string): string | undefined {
  let s = raw
    .normalize('NFC')
    .replace(/[\u2010\u2011]/gu, '-')
    .replace(/’/gu, "'")
    .replace(/\([^)]*\)|\[[^\]]*\]|<[^>]*>/gu, ' ')
    .replace(/[()[\]<>]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLowerCase();
  s = s.replace(/^(?:le|la|les|un|une|des|du|se) /u, '').replace(/^(?:l|d|s)'/u, '');
  // Gender marks: "acteur/trice", "-e", "(e)" (brackets already gone).
  s = s.replace(/\/.*$/u, '').trim();
  if (!/^\p{L}[\p{L}'-]*\p{L}$|^\p{L}$/u.test(s)) return undefined;
  if (s.length < 2) return undefined;
  return s;
}

/** Content words of a multi-word translation ("prendre à bail" → prendre, bail). */
export function contentWords(raw: string): string[] {
  const words: string[] = [];
  for (const part of raw.replace(/\([^)]*\)/gu, ' ').split(/\s+/u)) {
    const w = cleanTranslation(part);
    if (w !== undefined && w.length >= 3 && !FRENCH_GLUE.has(w)) words.push(w);
  }
  return words;
}

/** Accepts a cleaned French word (lower case), e.g. membership of a word list. */
export type FrenchWordFilter = (word: string) => boolean;

/** Up to `max` French words: the first single word of each sense, then the others, in order. */
export function pickTranslations(
  senses: string[][],
  max = MAX_TRANSLATIONS,
  isFrench: FrenchWordFilter = () => true,
): string[] {
  const out: string[] = [];
  const add = (w: string | undefined, properNoun: boolean): void => {
    // Word lists have no proper nouns ("Algérie"): only common words are checked.
    if (w === undefined || out.length >= max || out.includes(w)) return;
    if (properNoun || isFrench(w)) out.push(w);
  };
  const cleaned = senses.map((sense) =>
    sense.map((raw) => ({ word: cleanTranslation(raw), properNoun: /\p{Lu}/u.test(raw) })),
  );
  for (const sense of cleaned) {
    const first = sense.find((t) => t.word !== undefined);
    if (first !== undefined) add(first.word, first.properNoun);
  }
  for (const sense of cleaned) for (const t of sense) add(t.word, t.properNoun);
  if (out.length === 0) {
    // Only phrases: keep the content words of the first one.
    const firstPhrase = senses.flat()[0];
    if (firstPhrase !== undefined) {
      for (const w of contentWords(firstPhrase)) add(w, /\p{Lu}/u.test(firstPhrase));
    }
  }
  return out;
}

const ENGLISH_STOP = new Set(
  'a an the of to in on at by for from with and or be is are one oneself someone something'.split(' '),
);

/** The lexicon key for a headword: lower case, one word or two plain words; otherwise undefined. */
export function headwordKey(headword: string): string | undefined {
  const key = headword.normalize('NFC').toLowerCase().replace(/’/gu, "'").trim();
  if (/^\p{Ll}+$/u.test(key)) return key.length >= 2 || key === 'a' ? key : undefined;
  const two = /^(\p{Ll}+) (\p{Ll}+)$/u.exec(key);
  if (two === null) return undefined;
  const [, a, b] = two as unknown as [string, string, string];
  if (ENGLISH_STOP.has(a) || ENGLISH_STOP.has(b) || a.length < 2 || b.length < 2) return undefined;
  return key;
}

export interface DictSource {
  index: string;
  /** The uncompressed `.dict` data (offsets are byte offsets into it). */
  data: Buffer;
}

/** Builds the lexicon from a dictd index and its data. */
export function buildLexicon(
  source: DictSource,
  isFrench: FrenchWordFilter = () => true,
  max = MAX_TRANSLATIONS,
): Map<string, string[]> {
  // Entries whose headword is written in lower case win over capitalised ones for the same key
  // ("channel" → canal, not "Channel" → la Manche); same-key entries are merged in index order.
  const lower = new Map<string, string[][]>();
  const capitalised = new Map<string, string[][]>();
  for (const line of source.index.split('\n')) {
    const [word, offset, length] = line.split('\t');
    if (word === undefined || offset === undefined || length === undefined) continue;
    if (word.startsWith('00database') || word.startsWith('00-database')) continue;
    const start = decodeDictdNumber(offset);
    const text = source.data.subarray(start, start + decodeDictdNumber(length)).toString('utf8');
    const entry = parseEntry(text);
    if (entry === undefined) continue;
    const key = headwordKey(entry.headword);
    if (key === undefined) continue;
    const target = entry.headword === entry.headword.toLowerCase() ? lower : capitalised;
    const senses = target.get(key) ?? [];
    senses.push(...entry.senses);
    target.set(key, senses);
  }
  const lexicon = new Map<string, string[]>();
  const keys = [...new Set([...lower.keys(), ...capitalised.keys()])].sort();
  for (const key of keys) {
    const senses = lower.get(key) ?? capitalised.get(key) ?? [];
    const words = pickTranslations(senses, max, isFrench);
    // Every translation was a typo: a cognate headword ("expert", "plausible") is its own translation.
    if (words.length === 0 && !key.includes(' ') && isFrench(key)) words.push(key);
    if (words.length > 0) lexicon.set(key, words);
  }
  return lexicon;
}

/** Candidate French words per English headword, with a score in (0, 1] (1 for the best). */
export type Candidates = Map<string, Map<string, number>>;

/** FreeDict's ordered picks as candidates: the first word scores 1, later ones a little less. */
export function rankedCandidates(lexicon: ReadonlyMap<string, readonly string[]>): Candidates {
  const out: Candidates = new Map();
  for (const [english, french] of lexicon) {
    out.set(english, new Map(french.map((w, i) => [w, Math.max(0.4, 1 - 0.1 * i)])));
  }
  return out;
}

const LIGHT_VERBS = new Set(
  'faire être avoir mettre donner prendre rendre aller venir tenir laisser passer porter jeter tirer'.split(
    ' ',
  ),
);

/**
 * One French word for an Apertium French lemma: the lemma itself, or the first content word of a
 * multiword lemma ("un jour" → jour, "selon ce qu'on dit" → selon; light verbs skipped: "faire un pas"
 * → pas), which counts for half. Reflexive
 * "se" is dropped; words the French word list does not know are refused, except place names.
 */
export function frenchHead(
  lemma: string,
  pos: Pos,
  isFrench: FrenchWordFilter,
): { word: string; weight: number } | undefined {
  const text = lemma
    .normalize('NFC')
    .replace(/’/gu, "'")
    .replace(/^(?:se |s')/iu, '')
    .trim();
  const single = cleanTranslation(text);
  if (single !== undefined) {
    return pos === 'place' || isFrench(single) ? { word: single, weight: 1 } : undefined;
  }
  if (pos === 'place') return undefined;
  const words = contentWords(text);
  // "faire converger" → converger, "donner un coup" → coup: a light verb is not the meaning.
  const head = words.find((w) => !LIGHT_VERBS.has(w)) ?? words[0];
  return head !== undefined && isFrench(head) ? { word: head, weight: 0.5 } : undefined;
}

/**
 * Candidates from an English → French table composed through pivot languages: English lemmas become
 * lexicon keys ({@link headwordKey}), French lemmas single words ({@link frenchHead}). Scores are scaled
 * per part of speech so that the best is 1 ("bank" the noun → banque is not outweighed by the many ways
 * to say "bank" the verb), then a word keeps its best score over parts of speech. A place whose French
 * name is its English one ("Paris") adds nothing.
 */
export function pivotCandidates(table: TranslationTable, isFrench: FrenchWordFilter): Candidates {
  const out: Candidates = new Map();
  for (const [key, targets] of table) {
    const tab = key.indexOf('\t');
    const pos = key.slice(tab + 1) as Pos;
    const english = headwordKey(key.slice(0, tab));
    if (english === undefined) continue;
    const scores = new Map<string, number>();
    for (const [lemma, score] of targets) {
      const head = frenchHead(lemma, pos, isFrench);
      if (head === undefined || (pos === 'place' && head.word === english)) continue;
      scores.set(head.word, (scores.get(head.word) ?? 0) + score * head.weight);
    }
    if (scores.size === 0) continue;
    const best = Math.max(...scores.values());
    let words = out.get(english);
    if (words === undefined) {
      words = new Map();
      out.set(english, words);
    }
    for (const [w, score] of scores) words.set(w, Math.max(words.get(w) ?? 0, score / best));
  }
  return out;
}

export interface WeightedSource {
  candidates: Candidates;
  weight: number;
  /** Only for headwords that no earlier source knows (a longer pivot chain, noisier). */
  fallback?: boolean;
}

/** Below this merged score a candidate is dropped (unless it is the entry's best). */
export const MIN_SCORE = 0.45;

/**
 * Merges candidate lists: a French word's score is the weighted sum of its scores in each source, so
 * words found by several sources come first; ties are broken by code-unit order (the build is
 * deterministic). At most `max` words per headword; weak ones (below {@link MIN_SCORE}, e.g. a second
 * sense found by one pivot only) are dropped.
 */
export function mergeCandidates(
  sources: readonly WeightedSource[],
  max = MAX_TRANSLATIONS,
): Map<string, string[]> {
  const totals = new Map<string, Map<string, number>>();
  for (const { candidates, weight, fallback } of sources) {
    for (const [english, words] of candidates) {
      if (fallback === true && totals.has(english)) continue;
      let merged = totals.get(english);
      if (merged === undefined) {
        merged = new Map();
        totals.set(english, merged);
      }
      for (const [w, score] of words) merged.set(w, (merged.get(w) ?? 0) + weight * score);
    }
  }
  const out = new Map<string, string[]>();
  for (const english of [...totals.keys()].sort()) {
    const ranked = [...(totals.get(english) ?? [])].sort(
      ([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0),
    );
    const kept = ranked.filter(([, score], i) => i === 0 || score >= MIN_SCORE).slice(0, max);
    out.set(
      english,
      kept.map(([w]) => w),
    );
  }
  return out;
}

/** biome's `lineWidth` (biome.json): a longer entry is written one word per line, as biome would. */
const LINE_WIDTH = 110;

/** Stable JSON: keys in code-unit order, one entry per line, laid out the way biome formats it. */
export function serializeLexicon(lexicon: Map<string, string[]>): string {
  const keys = [...lexicon.keys()].sort();
  const lines = keys.map((k) => {
    const words = (lexicon.get(k) ?? []).map((w) => JSON.stringify(w));
    const line = `  ${JSON.stringify(k)}: [${words.join(', ')}]`;
    // The comma after all but the last entry counts too.
    if ([...line].length + 1 <= LINE_WIDTH) return line;
    return `  ${JSON.stringify(k)}: [\n${words.map((w) => `    ${w}`).join(',\n')}\n  ]`;
  });
  return `{\n${lines.join(',\n')}\n}\n`;
}

export function readDictd(basePath: string): DictSource {
  return {
    index: readFileSync(`${basePath}.index`, 'utf8'),
    data: gunzipSync(readFileSync(`${basePath}.dict.dz`)),
  };
}

/** A filter from a word list (one word a line): case-insensitive membership. */
export function wordListFilter(listText: string): FrenchWordFilter {
  const fold = (w: string): string =>
    w.normalize('NFC').toLowerCase().replace(/œ/gu, 'oe').replace(/æ/gu, 'ae');
  const words = new Set(listText.split('\n').map((w) => fold(w.trim())));
  // Debian's wfrench spells "coeur", not "cœur".
  return (word) => words.has(fold(word));
}

/** The Debian packages the build reads. */
export const INPUT_PACKAGES = [
  'dict-freedict-eng-fra',
  'wfrench',
  'lttoolbox',
  ...new Set(Object.values(PIVOTS).flatMap((p) => p.packages)),
];

/** How much each source counts when merging (see {@link mergeCandidates}). */
export const SOURCE_WEIGHTS = { freedict: 1, spanish: 1, esperanto: 0.9, spanishEsperanto: 0.8 } as const;

/**
 * The whole build: FreeDict, the Spanish and Esperanto pivots, merged; then, for English words none of
 * them knows, Spanish followed by Esperanto.
 */
export function buildFullLexicon(
  options: { dict?: string; frenchWords?: string; apertiumDir?: string } = {},
): Map<string, string[]> {
  const isFrench = wordListFilter(readFileSync(options.frenchWords ?? DEFAULT_FRENCH_WORDS, 'utf8'));
  const freedict = buildLexicon(readDictd(options.dict ?? DEFAULT_DICT), isFrench, 8);
  const spanish = pivotCandidates(pivotTable(PIVOTS.spanish, options.apertiumDir), isFrench);
  const esperanto = pivotCandidates(pivotTable(PIVOTS.esperanto, options.apertiumDir), isFrench);
  const spanishEsperanto = pivotCandidates(
    pivotTable(PIVOTS.spanishEsperanto, options.apertiumDir),
    isFrench,
  );
  return mergeCandidates([
    { candidates: rankedCandidates(freedict), weight: SOURCE_WEIGHTS.freedict },
    { candidates: spanish, weight: SOURCE_WEIGHTS.spanish },
    { candidates: esperanto, weight: SOURCE_WEIGHTS.esperanto },
    { candidates: spanishEsperanto, weight: SOURCE_WEIGHTS.spanishEsperanto, fallback: true },
  ]);
}

function main(argv: string[]): void {
  let dict = DEFAULT_DICT;
  let frenchWords = DEFAULT_FRENCH_WORDS;
  let apertiumDir = DEFAULT_APERTIUM;
  let out = DEFAULT_OUT;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--dict') dict = argv[++i] ?? dict;
    else if (argv[i] === '--french-words') frenchWords = argv[++i] ?? frenchWords;
    else if (argv[i] === '--apertium') apertiumDir = argv[++i] ?? apertiumDir;
    else if (argv[i] === '--out') out = argv[++i] ?? out;
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  let lexicon: Map<string, string[]>;
  try {
    lexicon = buildFullLexicon({ dict, frenchWords, apertiumDir });
  } catch (error) {
    console.error(`${String(error)}\nInstall the inputs first: apt-get install ${INPUT_PACKAGES.join(' ')}`);
    process.exit(1);
  }
  const json = serializeLexicon(lexicon);
  writeFileSync(out, json);
  console.log(`${out}: ${lexicon.size} entries, ${Buffer.byteLength(json)} bytes`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2));
}

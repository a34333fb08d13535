/**
 * Builds `src/search/lexicon/en-fr.json`, the English→French word list used to search French articles
 * with English questions, from FreeDict's English-French dictionary (GPL-2.0-or-later, see
 * `src/search/lexicon/LICENSE-freedict.txt`).
 *
 *   apt-get install dict-freedict-eng-fra wfrench
 *   npx tsx scripts/build-lexicon.ts [--dict /usr/share/dictd/freedict-eng-fra] \
 *     [--french-words /usr/share/dict/french] [--out path.json]
 *
 * The dictionary is in dictd format: `NAME.index` lines are `headword TAB offset TAB length` (offsets in
 * dictd's base-64), pointing into `NAME.dict.dz` (gzip). An entry is `headword /phonetics/ <pos>` followed by
 * one line per sense, either `1. a, b, c` or just `a, b, c`.
 *
 * Output: `{ "english": ["français", …] }`, keys sorted, one entry per line (biome's layout), at most
 * {@link MAX_TRANSLATIONS} single French words per English headword (one word or two-word headwords only),
 * first word of each sense first. Translations that are not French words according to Debian's `wfrench`
 * list (typos such as "véhicle", glued phrases such as "àraisonde") are dropped. The output only depends on
 * the two input files: the build is deterministic.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';

export const MAX_TRANSLATIONS = 4;
const DEFAULT_DICT = '/usr/share/dictd/freedict-eng-fra';
const DEFAULT_FRENCH_WORDS = '/usr/share/dict/french';
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

/** Stable JSON: keys in code-unit order, one entry per line, laid out the way biome formats it. */
export function serializeLexicon(lexicon: Map<string, string[]>): string {
  const keys = [...lexicon.keys()].sort();
  const lines = keys.map(
    (k) => `  ${JSON.stringify(k)}: [${(lexicon.get(k) ?? []).map((w) => JSON.stringify(w)).join(', ')}]`,
  );
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

function main(argv: string[]): void {
  let dict = DEFAULT_DICT;
  let frenchWords = DEFAULT_FRENCH_WORDS;
  let out = DEFAULT_OUT;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--dict') dict = argv[++i] ?? dict;
    else if (argv[i] === '--french-words') frenchWords = argv[++i] ?? frenchWords;
    else if (argv[i] === '--out') out = argv[++i] ?? out;
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  let source: DictSource;
  let listText: string;
  try {
    source = readDictd(dict);
    listText = readFileSync(frenchWords, 'utf8');
  } catch (error) {
    console.error(
      `${String(error)}\nInstall the inputs first: apt-get install dict-freedict-eng-fra wfrench`,
    );
    process.exit(1);
  }
  const lexicon = buildLexicon(source, wordListFilter(listText));
  const json = serializeLexicon(lexicon);
  writeFileSync(out, json);
  console.log(`${out}: ${lexicon.size} entries, ${Buffer.byteLength(json)} bytes`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2));
}

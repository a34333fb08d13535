/**
 * Benchmark questions: the eval questions (whose gold files are seeds) and questions drawn from a corpus,
 * each with a known paragraph, so every engine can be judged on the same footing.
 */
import { readFileSync } from 'node:fs';
import { splitSentences } from '../../src/answer/sentences.js';
import type { Corpus } from '../../src/corpus/types.js';
import { type EvalQuestion, foldForMatch } from '../../src/eval/metrics.js';
import { EVAL_FILES } from './paths.js';
import { Prng } from './prng.js';

/** A question drawn from one sentence of one paragraph. */
export interface DrawnQuestion {
  id: string;
  /** `words`: 4–8 content words of the sentence, some small words dropped; `typo`: the same with one typo. */
  kind: 'words' | 'typo';
  question: string;
  file: string;
  /** The paragraph's number in its article, and its verbatim text. */
  paragraph: number;
  text: string;
  /** The sentence the words come from (verbatim). */
  sentence: string;
}

export type BenchQuestion =
  | ({ source: 'drawn' } & DrawnQuestion)
  | { source: 'eval'; id: string; kind: string; question: string; gold: EvalQuestion };

/** The top passage an engine returned: its article file and its verbatim paragraph text. */
export interface TopPassage {
  file: string;
  text: string;
}

/** French words too common to make a question on their own (Snowball's list, plus a few). */
const STOP_WORDS = new Set(
  (
    'au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me même mes moi mon ne nos ' +
    'notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous ' +
    'été être avoir ai as avons avez ont eu est sont était étaient sera seront fait faire peut peuvent doit ' +
    'ceci cela celle celui cet cette ici là où si sinon alors aussi ainsi comme donc dont lorsque quand puis ' +
    'plus moins très tout tous toute toutes autre autres chaque leurs entre sans sous vers chez car ni non oui'
  ).split(' '),
);
const TOKEN_RE = /[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu;
const ELISION_RE = /^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)['’]/iu;
const LETTERS_RE = /^\p{L}+$/u;

function contentForm(token: string): string | undefined {
  const bare = token.replace(ELISION_RE, '').toLowerCase();
  if (bare.length < 3 || !/\p{L}/u.test(bare) || STOP_WORDS.has(bare)) return undefined;
  return bare;
}

/** One typo in a word of six letters or more: two neighbours swapped, or a letter dropped (never the first). */
export function typo(word: string, rng: Prng): string {
  const chars = [...word];
  if (chars.length < 4) return word;
  if (rng.next() < 0.5) {
    const i = rng.int(1, chars.length - 2);
    if (chars[i] !== chars[i + 1]) {
      [chars[i], chars[i + 1]] = [chars[i + 1] as string, chars[i] as string];
      return chars.join('');
    }
  }
  const i = rng.int(1, chars.length - 1);
  chars.splice(i, 1);
  return chars.join('');
}

interface Sketch {
  tokens: string[];
  content: boolean[];
}

/** 4–8 content words of a sentence, in order, with some of the small words between them dropped. */
function sketchQuestion(sentence: string, rng: Prng): Sketch | undefined {
  const tokens = sentence.match(TOKEN_RE) ?? [];
  const contentAt = tokens.flatMap((t, i) => (contentForm(t) === undefined ? [] : [i]));
  if (contentAt.length < 4) return undefined;
  const k = rng.int(4, Math.min(8, contentAt.length));
  const start = rng.int(0, contentAt.length - k);
  const from = contentAt[start] as number;
  const to = contentAt[start + k - 1] as number;
  const out: Sketch = { tokens: [], content: [] };
  for (let i = from; i <= to; i++) {
    const isContent = contentAt.includes(i);
    if (isContent || rng.next() < 0.35) {
      out.tokens.push(tokens[i] as string);
      out.content.push(isContent);
    }
  }
  return out;
}

function withTypo(sketch: Sketch, rng: Prng): string | undefined {
  const candidates = sketch.tokens.flatMap((t, i) =>
    sketch.content[i] && [...t].length >= 6 && LETTERS_RE.test(t) ? [i] : [],
  );
  if (candidates.length === 0) return undefined;
  const at = rng.pick(candidates);
  const word = sketch.tokens[at] as string;
  const changed = typo(word, rng);
  if (changed === word) return undefined;
  return sketch.tokens.map((t, i) => (i === at ? changed : t)).join(' ');
}

/**
 * Picks `paragraphs` paragraphs (seeds excluded, they have the eval questions), one sentence with at least
 * four content words in each, and makes a `words` question and, when a long enough word is there, a `typo`
 * variant. Deterministic for a given corpus and seed.
 */
export function drawQuestions(
  corpus: Corpus,
  options: { paragraphs: number; seed: number },
): DrawnQuestion[] {
  const rng = new Prng(options.seed ^ 0x5eed);
  const candidates = corpus.articles.flatMap((a) =>
    /^\d{3}_[0-9a-f]{16}\.txt$/u.test(a.file) ? [] : a.paragraphs.map((p) => ({ file: a.file, p })),
  );
  const out: DrawnQuestion[] = [];
  let made = 0;
  for (const { file, p } of rng.shuffle(candidates)) {
    if (made >= options.paragraphs) break;
    const sentences = splitSentences(p.text).map((s) => p.text.slice(s.start, s.end));
    const sentence = rng.pick(sentences);
    const sketch = sketchQuestion(sentence, rng);
    if (sketch === undefined) continue;
    const mark = rng.next() < 0.5 ? ' ?' : '';
    const base = { file, paragraph: p.number, text: p.text, sentence };
    made++;
    out.push({ id: `d${made}`, kind: 'words', question: sketch.tokens.join(' ') + mark, ...base });
    const typoed = withTypo(sketch, rng);
    if (typoed !== undefined) out.push({ id: `d${made}t`, kind: 'typo', question: typoed + mark, ...base });
  }
  return out;
}

/** The questions of tests/eval/dev.json and tests/eval/extra.json. */
export function loadEvalQuestions(): EvalQuestion[] {
  return EVAL_FILES.flatMap((file) => JSON.parse(readFileSync(file, 'utf8')) as EvalQuestion[]);
}

export function benchQuestions(drawn: readonly DrawnQuestion[]): BenchQuestion[] {
  const evals: BenchQuestion[] = loadEvalQuestions().map((gold) => ({
    source: 'eval',
    id: gold.id,
    kind: gold.kind,
    question: gold.question,
    gold,
  }));
  return [...evals, ...drawn.map((q): BenchQuestion => ({ source: 'drawn', ...q }))];
}

/** Whether a question is judged for hit@1 (unanswerable eval questions are only timed). */
export function isJudged(q: BenchQuestion): boolean {
  return q.source === 'drawn' || q.gold.answer !== null;
}

/**
 * Passage hit@1. Drawn questions: the top passage is the known paragraph, or holds the whole sentence the
 * question came from (recombined paragraphs can share a sentence). Eval questions: as `src/eval/metrics.ts`
 * judges, the top passage comes from the gold file (or an alternative) and holds the gold words.
 */
export function isHit(q: BenchQuestion, top: TopPassage | undefined): boolean {
  if (top === undefined) return false;
  if (q.source === 'drawn')
    return (top.file === q.file && top.text === q.text) || top.text.includes(q.sentence);
  const { gold } = q;
  if (gold.answer === null) return false;
  const files = new Set([gold.file, ...(gold.alt_files ?? [])]);
  return files.has(top.file) && foldForMatch(top.text).includes(foldForMatch(gold.answer));
}

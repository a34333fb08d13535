import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { Engine, type EngineOptions } from '../engine/engine.js';
import { type EvalOutcome, type EvalQuestion, judge, type Scores, score } from '../eval/metrics.js';
import { loadEngine, runConsole, UsageError } from './load-engine.js';

const DEFAULT_FILES = ['tests/eval/dev.json', 'tests/eval/extra.json'];

const questionFileSchema = z.array(
  z.object({
    id: z.string(),
    lang: z.string(),
    kind: z.string(),
    question: z.string(),
    file: z.string().nullable(),
    alt_files: z.array(z.string()).optional(),
    answer: z.string().nullable(),
  }),
);

/** Each variant switches one choice of the analysis off, to show what it earns. */
const VARIANTS: Array<{ name: string; options: EngineOptions }> = [
  { name: 'ours (light stemmer, stop words, typos, synonyms)', options: {} },
  { name: 'no stemming', options: { analysis: { stemmer: 'none' } } },
  { name: 'Snowball stemmer', options: { analysis: { stemmer: 'snowball' } } },
  { name: 'no stop words', options: { analysis: { stopWords: false } } },
  { name: 'no typo tolerance', options: { typoTolerance: false } },
  { name: 'no synonyms', options: { synonyms: false } },
  { name: 'no verb forms', options: { verbForms: false } },
];

function readQuestions(path: string): EvalQuestion[] {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read question file ${path}`);
  }
  const parsed = questionFileSchema.safeParse(JSON.parse(raw));
  if (!parsed.success)
    throw new UsageError(`${path} is not a question file: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

const LABEL_WIDTH = 52;

const ratio = (part: number, whole: number) => (whole === 0 ? '   -' : (part / whole).toFixed(2));

function row(label: string, s: Scores): string {
  return [
    label.padEnd(LABEL_WIDTH),
    String(s.answerable).padStart(4),
    ratio(s.passageHit1, s.answerable).padStart(7),
    ratio(s.passageHit3, s.answerable).padStart(7),
    ratio(s.answerHit1, s.answerable).padStart(8),
    `${s.declined}/${s.unanswerable}`.padStart(9),
    `${s.wronglyDeclined}/${s.answerable}`.padStart(10),
    `${s.wronglyAnswered}/${s.answerable}`.padStart(9),
  ].join(' ');
}

const HEADER = [
  ''.padEnd(LABEL_WIDTH),
  'n'.padStart(4),
  'psg@1'.padStart(7),
  'psg@3'.padStart(7),
  'answer@1'.padStart(8),
  'declined'.padStart(9),
  'wrong-decl'.padStart(10),
  'wrong-ans'.padStart(9),
].join(' ');

function describeFailure(outcome: EvalOutcome): string | undefined {
  const { question, result } = outcome;
  const top = result.answered ? result.answers[0] : result.nearest[0];
  const where =
    top === undefined ? 'nothing' : `${top.file} § ${top.paragraph}: «${top.quote.slice(0, 140)}»`;
  if (question.answer === null) {
    return result.answered
      ? `  ✗ ${question.id} answered a trap: ${question.question}\n      → ${where}`
      : undefined;
  }
  if (outcome.answerHit1) return undefined;
  const why = result.answered ? (outcome.passageHit1 ? 'wrong sentence' : 'wrong passage') : 'declined';
  return `  ✗ ${question.id} ${why} [${question.answer}]: ${question.question}\n      → ${where}`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const files = args.filter((arg) => !arg.startsWith('--'));
  const questionFiles = (files.length > 0 ? files : DEFAULT_FILES).map((path) => ({
    path,
    questions: readQuestions(path),
  }));
  const reference = await loadEngine();
  for (const { path, questions } of questionFiles) {
    console.log(`\n${path}: ${questions.length} questions`);
    console.log(HEADER);
    for (const variant of VARIANTS) {
      const engine =
        variant.options === VARIANTS[0]?.options
          ? reference
          : Engine.build(reference.corpus, variant.options);
      const outcomes = questions.map((question) => judge(question, engine.ask(question.question)));
      console.log(row(variant.name, score(outcomes)));
      if (variant === VARIANTS[0]) {
        for (const lang of [...new Set(questions.map((q) => q.lang))].sort()) {
          console.log(row(`  ${lang}`, score(outcomes.filter((o) => o.question.lang === lang))));
        }
        if (verbose) {
          for (const outcome of outcomes) {
            const failure = describeFailure(outcome);
            if (failure !== undefined) console.log(failure);
          }
        }
      }
    }
  }
  console.log('\npsg@k: gold words in one of the top k passages (answers, or nearest when declined);');
  console.log(
    'answer@1: answered and the gold words are in the top quote; declined: unanswerable ones declined;',
  );
  console.log(
    'wrong-decl: answerable ones declined; wrong-ans: answered with a quote that lacks the gold words.',
  );
}

runConsole(main);

import { createInterface } from 'node:readline';
import type { AnswerResult } from '../answer/types.js';
import { cleanQuestion, MAX_QUESTION_LENGTH, questionProblem } from '../search/query/clean.js';
import { PLAIN, renderAnswerResult, TERMINAL } from './console-render.js';
import { loadEngine, runConsole, UsageError } from './load-engine.js';

const USAGE =
  'usage: npm run ask -- [--json] "your question"   (with --json and no question: one question per stdin line)';

/** The JSON shape of the console's answer (a contract: other tools read it). */
export function toJson(result: AnswerResult) {
  return {
    question: result.question,
    answered: result.answered,
    answers: result.answers.map(({ file, title, paragraph, line, quote, context, score }) => ({
      file,
      title,
      paragraph,
      line,
      quote,
      context,
      score,
    })),
  };
}

function checkedQuestion(raw: string): string {
  const question = cleanQuestion(raw);
  const problem = questionProblem(question);
  if (problem === 'empty') throw new UsageError('the question is empty');
  if (problem === 'too-long') {
    throw new UsageError(
      `the question is too long (${question.length} characters, at most ${MAX_QUESTION_LENGTH})`,
    );
  }
  return question;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const unknown = args.find((arg) => arg.startsWith('--') && arg !== '--json');
  if (unknown !== undefined) throw new UsageError(`unknown option ${unknown}; ${USAGE}`);
  const words = args.filter((arg) => arg !== '--json');
  if (words.length === 0 && !json) throw new UsageError(`no question given; ${USAGE}`);
  const question = words.length > 0 ? checkedQuestion(words.join(' ')) : undefined;

  const engine = await loadEngine();
  if (question !== undefined) {
    const result = engine.ask(question);
    const style = process.stdout.isTTY ? TERMINAL : PLAIN;
    process.stdout.write(json ? `${JSON.stringify(toJson(result))}\n` : renderAnswerResult(result, style));
    return;
  }
  // --json without a question: one question per line on stdin, one JSON object per line, one corpus load.
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
    const cleaned = cleanQuestion(line);
    const problem = questionProblem(cleaned);
    if (problem === 'empty') continue;
    const output =
      problem === 'too-long'
        ? { question: cleaned.slice(0, 80), answered: false, answers: [], error: 'question too long' }
        : toJson(engine.ask(cleaned));
    process.stdout.write(`${JSON.stringify(output)}\n`);
  }
}

runConsole(main);

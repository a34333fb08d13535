import type { AnswerResult } from '../answer/types.js';

/** One question of an evaluation file (the format of shared/eval/dev.json). */
export interface EvalQuestion {
  id: string;
  lang: string;
  kind: string;
  question: string;
  /** The file that answers, or null when the corpus cannot answer. */
  file: string | null;
  alt_files?: string[];
  /** Words the answer must contain, or null when unanswerable. */
  answer: string | null;
}

export interface EvalOutcome {
  question: EvalQuestion;
  result: AnswerResult;
  passageHit1: boolean;
  passageHit3: boolean;
  answerHit1: boolean;
}

export interface Scores {
  answerable: number;
  unanswerable: number;
  passageHit1: number;
  passageHit3: number;
  answerHit1: number;
  /** Unanswerable questions the engine declined. */
  declined: number;
  /** Answerable questions the engine declined. */
  wronglyDeclined: number;
  /** Answerable questions answered with a quote that lacks the gold words: the worst outcome. */
  wronglyAnswered: number;
}

/** Case, accents kept; apostrophes, spaces and digit-group spaces unified, so gold words match fairly. */
export function foldForMatch(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[’‘ʼ]/g, "'")
    .replace(/[\u00A0\u202F\s]+/g, ' ')
    .toLowerCase();
}

/**
 * Judges one answer. Passage hits look at the ranked passages whether or not the engine answered (that is
 * retrieval quality); the answer hit needs an actual answer whose quote holds the gold words.
 */
export function judge(question: EvalQuestion, result: AnswerResult): EvalOutcome {
  const ranked = result.answered ? result.answers : result.nearest;
  const gold = question.answer === null ? undefined : foldForMatch(question.answer);
  const files = new Set([question.file, ...(question.alt_files ?? [])]);
  const holdsGold = (file: string, text: string) =>
    gold !== undefined && files.has(file) && foldForMatch(text).includes(gold);
  const passageHit = (limit: number) =>
    ranked.slice(0, limit).some((answer) => holdsGold(answer.file, answer.context));
  const top = result.answers[0];
  return {
    question,
    result,
    passageHit1: passageHit(1),
    passageHit3: passageHit(3),
    answerHit1: result.answered && top !== undefined && holdsGold(top.file, top.quote),
  };
}

export function score(outcomes: readonly EvalOutcome[]): Scores {
  const answerable = outcomes.filter((outcome) => outcome.question.answer !== null);
  const unanswerable = outcomes.filter((outcome) => outcome.question.answer === null);
  const count = (items: readonly EvalOutcome[], test: (outcome: EvalOutcome) => boolean) =>
    items.filter(test).length;
  return {
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    passageHit1: count(answerable, (o) => o.passageHit1),
    passageHit3: count(answerable, (o) => o.passageHit3),
    answerHit1: count(answerable, (o) => o.answerHit1),
    declined: count(unanswerable, (o) => !o.result.answered),
    wronglyDeclined: count(answerable, (o) => !o.result.answered),
    wronglyAnswered: count(answerable, (o) => o.result.answered && !o.answerHit1),
  };
}

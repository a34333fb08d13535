/** A verbatim quote answering a question, with its source. */
export interface Answer {
  file: string;
  title: string;
  /** Paragraph number as shown to users. */
  paragraph: number;
  /** 1-based line in the file where the paragraph starts. */
  line: number;
  /** Verbatim answer text: a substring of `context`. */
  quote: string;
  /** The whole paragraph the quote comes from (verbatim). */
  context: string;
  heading?: string;
  score: number;
  /** Character ranges [start, end) inside `quote` of the words that matched the question. */
  highlights: Array<[number, number]>;
}

/** What the engine says about one question. Transport-neutral: renderers turn it into text. */
export interface AnswerResult {
  question: string;
  /** False when the corpus does not really answer: `answers` is then empty. */
  answered: boolean;
  /** Up to three answers from different paragraphs, best first. */
  answers: Answer[];
  /** When declined: the nearest passages, labelled as such by renderers, never as answers. */
  nearest: Answer[];
}

/** One paragraph of an article, with where it came from. `text` is byte-for-byte the file's text. */
export interface Paragraph {
  /** Stable id: `${file}#${number}`. */
  id: string;
  file: string;
  /** 1-based number shown to users, counting only the paragraphs kept after cleaning. */
  number: number;
  /** 1-based line in the file where the paragraph starts. */
  line: number;
  /** Verbatim paragraph text (no trailing line break, no trailing \r). */
  text: string;
  /** The section heading the paragraph sits under, if any (context, never an answer). */
  heading?: string;
}

export interface Article {
  /** Plain file name inside the seeds folder, e.g. `000_378f6c1953f514f5.txt`. */
  file: string;
  title: string;
  paragraphs: Paragraph[];
}

export interface Corpus {
  articles: Article[];
}

/** A file the loader refused, and why (shown to moderators). */
export interface LoadProblem {
  file: string;
  reason: string;
}

export interface LoadResult {
  corpus: Corpus;
  problems: LoadProblem[];
  /** Files ignored on purpose (not `.txt`), reported as notes rather than errors. */
  ignored: string[];
  /**
   * sha256 (hex) of the loaded files' names and bytes, set by `loadCorpus`: a saved index is reused only
   * for the same hash. A loader that cannot tell leaves it out (and its index is not saved).
   */
  corpusHash?: string;
}

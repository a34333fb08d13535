/**
 * French prose from Debian's French manual pages (packages manpages-fr and manpages-fr-dev): each page
 * is rendered to plain text with groff, then only prose paragraphs are kept (option tags, synopses,
 * code, tables, English leftovers and short lines are dropped).
 */
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

export const MAN_FR_DIR = '/usr/share/man/fr';

export interface ManPage {
  /** `man1/chage.1.gz` */
  source: string;
  /** `chage - Modifier les informations de validité d'un mot de passe` */
  title: string;
  paragraphs: string[];
}

/** Sections whose text is not prose about the page's subject (boilerplate, references, synopses). */
const SKIPPED_SECTIONS = new Set([
  'NOM',
  'NAME',
  'SYNOPSIS',
  'RÉSUMÉ',
  'VOIR AUSSI',
  'TRADUCTION',
  'AUTEUR',
  'AUTEURS',
  'COLOPHON',
  'COPYRIGHT',
  'SIGNALER DES BOGUES',
  'RAPPORTER DES BOGUES',
  'BOGUES',
  'LICENCE',
]);

const FRENCH_WORDS = new Set(
  'le la les de des du un une et est sont pour dans qui que en sur par pas ne au aux avec ce cette il elle on se si ou plus être peut à été fichier fichiers lorsque quand mais leur leurs son sa ses cet entre sans'.split(
    ' ',
  ),
);
const ENGLISH_WORDS = new Set(
  'the of and to is in for that this with be are by if when it an on as not or which from will can file files'.split(
    ' ',
  ),
);
/** Characters typical of code, paths and option syntax rather than prose. */
const CODE_CHARS_RE = /[{}();=<>/\\_|$*#[\]&~^%]/g;
const SENTENCE_END_RE = /[.!?…»)]$/u;
const WORD_RE = /[\p{L}\p{N}'’-]+/gu;
/** A character overstruck by a backspace (bold or underline in terminal output). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: grotty overstrikes with backspaces.
const BACKSPACED_RE = /.\u0008/gu;

/** Renders one gzipped roff page to plain UTF-8 text (no overstriking, no colour, no hyphenation). */
export function renderPage(gzipped: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const roff = gunzipSync(gzipped);
    const child = spawn(
      'groff',
      ['-k', '-Tutf8', '-mandoc', '-rLL=4000n', '-rHY=0', '-P-c', '-P-b', '-P-o', '-P-u'],
      { stdio: ['pipe', 'pipe', 'ignore'] },
    );
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', () => resolve(Buffer.concat(chunks).toString('utf8').replace(BACKSPACED_RE, '')));
    child.stdin.on('error', () => {});
    child.stdin.end(roff);
  });
}

function isFrenchProse(line: string): boolean {
  const words = line.match(WORD_RE) ?? [];
  if (words.length < 10) return false;
  if (!SENTENCE_END_RE.test(line)) return false;
  const codeChars = line.match(CODE_CHARS_RE)?.length ?? 0;
  if (codeChars / line.length > 0.03) return false;
  let fr = 0;
  let en = 0;
  for (const w of words) {
    const lower = w.toLowerCase();
    if (FRENCH_WORDS.has(lower)) fr++;
    if (ENGLISH_WORDS.has(lower)) en++;
  }
  return fr >= 3 && fr >= 3 * en;
}

/** The prose paragraphs and title of one rendered page. */
export function extractProse(source: string, text: string): ManPage | undefined {
  const lines = text.split('\n');
  // First and last non-blank lines are the running header and footer.
  const first = lines.findIndex((l) => l.trim() !== '');
  let last = lines.length - 1;
  while (last > 0 && (lines[last] ?? '').trim() === '') last--;
  let section = '';
  let title = '';
  const paragraphs: string[] = [];
  for (let i = first + 1; i < last; i++) {
    const raw = lines[i] ?? '';
    if (raw.trim() === '') continue;
    const indent = raw.length - raw.trimStart().length;
    const line = raw.trim().replace(/\s+/gu, ' ');
    if (indent === 0) {
      section = line.toUpperCase();
      continue;
    }
    if (section === 'NOM' || section === 'NAME') {
      if (title === '') title = line;
      continue;
    }
    if (SKIPPED_SECTIONS.has(section)) continue;
    // Prose sits at the body indentation or one tagged level deeper; code and tables go further.
    if (indent > 14) continue;
    if (isFrenchProse(line)) paragraphs.push(line);
  }
  title = title
    .replace(/\s+[-—–]\s+/u, ' — ')
    .replace(/[.,;:\s]+$/u, '')
    .trim();
  if (title === '' || paragraphs.length === 0) return undefined;
  const words = title.split(/\s+/u);
  if (words.length > 25) title = `${words.slice(0, 25).join(' ')}…`;
  return { source, title, paragraphs };
}

/** All pages with at least one French prose paragraph, in file order (deterministic). */
export async function readManPages(concurrency = 4): Promise<ManPage[]> {
  const files: string[] = [];
  for (const section of (await readdir(MAN_FR_DIR)).sort()) {
    if (!section.startsWith('man')) continue;
    for (const name of (await readdir(path.join(MAN_FR_DIR, section))).sort()) {
      if (name.endsWith('.gz')) files.push(`${section}/${name}`);
    }
  }
  if (files.length === 0) {
    throw new Error(
      `no French manual page under ${MAN_FR_DIR}: run apt-get install manpages-fr manpages-fr-dev`,
    );
  }
  const pages: Array<ManPage | undefined> = new Array(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      const source = files[i] as string;
      const gzipped = await readFile(path.join(MAN_FR_DIR, source));
      pages[i] = extractProse(source, await renderPage(gzipped));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return pages.filter((p): p is ManPage => p !== undefined);
}

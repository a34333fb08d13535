/**
 * fast-check arbitraries for hostile text: article paragraphs, titles, file names and questions made
 * of French words, numbers, names, markdown, mentions, links, emoji, invisible characters and noise.
 */
import fc from 'fast-check';

// biome-ignore format: a word list, kept compact
const FRENCH = [
  'le', 'la', 'les', 'des', 'un', 'une', 'de', 'du', 'et', 'à', 'en', 'pour', 'dans', 'sur', 'qui', 'a',
  'ruches', 'apiculteurs', 'miel', 'abeilles', 'bulletin', 'trésorier', 'printemps', 'Bretagne', 'Ouessant',
  'conservatoire', 'reines', 'récolte', 'milliards', 'dollars', 'euros', 'GPU', 'H100', 'xAI', 'Grok',
  'Elon', 'Musk', 'NVIDIA', 'Colossus', 'Memphis', 'l’île', "d'été", 'aujourd’hui', 'jusqu’à', 'négocie',
  'annoncé', 'compté', 'protège', 'financera', 'levée', 'centre', 'données', 'puces', 'mardi', '2025',
  '1987', '4 200', '12', '20 %', '200 000', '1,5', 'sud-africain', 'Œuvre', 'ÉTÉ', 'naïve', 'cœur',
];
// biome-ignore format: a list of pieces, kept compact
const HOSTILE = [
  '@everyone', '@here', '<@123456789012345678>', '<@!123456789012345678>', '<@&456456456456456456>',
  '<#123456789012345678>', '<t:0:R>', '</ask:1>', '<:abeille:1>', '**', '__', '*', '_', '`', '```', '~~',
  '||', '>', '> ', '# ', '-# ', '- ', '1. ', '[lien](http://x.example/a_b)', 'https://fr.wikipedia.org/wiki/Abeille_noire',
  'http://exemple.fr/a_b#c~d', 'https://x.example/**', '\\', '\\*', '😀', '🐝', '👩‍👩‍👧', 'é', 'e\u0301',
  '\u200b', '\u200d', '\u202e', '\u2066', '\u00ad', '\u00a0', '\u202f', '\t', '\u0000', '\u0007', '\uFEFF',
  '\ud800', '\udc00', 'İ', 'ß', 'ﬁ', '…', '«', '»', '“', '”', '’', "'", '"', '(', ')', ':', ';', '!', '?',
];

const word = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...FRENCH) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }) },
);

/** One sentence: words joined by spaces (sometimes glued), ending with punctuation. */
export const sentence = fc
  .tuple(
    fc.array(fc.tuple(word, fc.constantFrom(' ', ' ', ' ', '', ', ', '\u00a0')), {
      minLength: 1,
      maxLength: 25,
    }),
    fc.constantFrom('.', ' ?', ' !', '…', '', '.»', ' :'),
  )
  .map(
    ([parts, end]) =>
      parts
        .map(([w, sep]) => w + sep)
        .join('')
        .trim() + end,
  );

/** A paragraph: one to five sentences, on one line or hard-wrapped. */
export const paragraph = fc
  .tuple(fc.array(sentence, { minLength: 1, maxLength: 5 }), fc.boolean())
  .map(([sentences, wrapped]) => sentences.join(wrapped ? '\n' : ' '));

/** A title line (sometimes a hostile one). */
export const title = fc.oneof(
  fc.array(fc.constantFrom(...FRENCH), { minLength: 3, maxLength: 14 }).map((w) => w.join(' ')),
  sentence,
  fc.string({ unit: 'grapheme', maxLength: 300 }),
);

/** A plain article file name (what the loader accepts), sometimes long or odd. */
export const fileName = fc
  .oneof(
    fc.stringMatching(/^[0-9]{3}_[a-z0-9]{1,16}$/),
    fc.string({
      unit: fc.constantFrom('a', 'é', ' ', '_', '-', '(', ')', '😀', '@', '*', '~'),
      minLength: 1,
      maxLength: 120,
    }),
  )
  .map((base) => `${base}.txt`);

/** Raw article text: a title, then paragraphs separated by blank lines (LF, CRLF or CR). */
export const articleText = fc
  .tuple(title, fc.array(paragraph, { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n', '\r'))
  .map(([t, ps, eol]) => [t, ...ps].join('\n\n').replace(/\n/g, eol) + eol);

/** Questions: made of the same words (so that some are answered), or anything at all. */
export const question = fc.oneof(
  { weight: 4, arbitrary: sentence },
  { weight: 1, arbitrary: fc.string({ maxLength: 400 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 400 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 400 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...HOSTILE), maxLength: 80 }) },
);

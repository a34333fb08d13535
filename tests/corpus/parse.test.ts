import { describe, expect, it } from 'vitest';
import {
  type DropRule,
  furnitureRule,
  normalizeForComparison,
  parseArticle,
  parseArticleWithReport,
  searchableText,
  splitsIntoLines,
} from '../../src/corpus/parse.js';

/** Long, punctuated body paragraphs (more than 15 words each). */
const B1 =
  'Le premier paragraphe raconte une histoire assez longue pour être du texte courant, avec plusieurs mots et une fin.';
const B2 =
  'Le deuxième paragraphe poursuit le récit avec Elon Musk et Grok, toujours assez long pour compter comme du texte.';
const B3 =
  'Le troisième paragraphe conclut enfin le propos avec une phrase suffisamment longue pour être retenue ici.';
const TITLE = 'Un titre d’article plutôt ordinaire';

const report = (text: string) => parseArticleWithReport('a.txt', text);
const texts = (text: string) => parseArticle('a.txt', text).paragraphs.map((p) => p.text);
const ruleFor = (text: string, line: string): DropRule | undefined =>
  report(text).dropped.find((d) => d.text === line)?.rule;

describe('parseArticle: structure', () => {
  it('splits on blank lines, whitespace-only lines included', () => {
    const a = parseArticle('a.txt', `${TITLE}\n\n${B1}\n \t \n${B2}\n\u00A0\n${B3}\n`);
    expect(a.title).toBe(TITLE);
    expect(a.paragraphs.map((p) => [p.number, p.line, p.text, p.id])).toEqual([
      [1, 3, B1, 'a.txt#1'],
      [2, 5, B2, 'a.txt#2'],
      [3, 7, B3, 'a.txt#3'],
    ]);
  });

  it('accepts CRLF: no \\r in text, each line verbatim, line numbers right', () => {
    const wrapped =
      'Une première ligne coupée au milieu de la phrase, comme dans un courriel\nqui continue ici et se termine enfin.';
    const raw = `${TITLE}\r\n\r\n${B1}\r\n\r\n${wrapped.replace('\n', '\r\n')}\r\n`;
    const a = parseArticle('a.txt', raw);
    expect(a.title).toBe(TITLE);
    expect(a.paragraphs.map((p) => p.text)).toEqual([B1, wrapped]);
    expect(a.paragraphs.map((p) => p.line)).toEqual([3, 5]);
    for (const p of a.paragraphs) {
      expect(p.text).not.toContain('\r');
      for (const line of p.text.split('\n')) expect(raw.includes(line)).toBe(true);
    }
  });

  it('treats a lone CR as a line break too', () => {
    expect(texts(`${TITLE}\r\r${B1}\r\r${B2}`)).toEqual([B1, B2]);
  });

  it('strips a UTF-8 byte-order mark', () => {
    const a = parseArticle('a.txt', `\uFEFF${TITLE}\n\n${B1}\n`);
    expect(a.title).toBe(TITLE);
    expect(a.paragraphs[0]?.line).toBe(3);
    const b = parseArticle('a.txt', `\uFEFF${B1}\n${B2}`);
    expect(b.paragraphs[0]?.text).toBe(B1);
  });

  it('keeps text verbatim but trims the outer whitespace of a block', () => {
    expect(texts(`${TITLE}\n\n   ${B1}  \n`)).toEqual([B1]);
  });

  it('keeps a hard-wrapped paragraph as one paragraph', () => {
    const wrapped = [
      'Ceci est un paragraphe coupé à soixante-dix colonnes environ, comme',
      'dans les anciens fichiers texte, et il continue sur plusieurs lignes',
      'avant de se terminer ici.',
    ].join('\n');
    const a = parseArticle('a.txt', `${TITLE}\n\n${wrapped}\n`);
    expect(a.paragraphs.map((p) => p.text)).toEqual([wrapped]);
  });

  it('splits a file with no blank lines at all into one paragraph per line', () => {
    const a = parseArticle('a.txt', `${B1}\n${B2}\n${B3}\n`);
    expect(a.paragraphs.map((p) => [p.line, p.text])).toEqual([
      [1, B1],
      [2, B2],
      [3, B3],
    ]);
  });

  it('splits a block holding several long lines, and a heading glued to its paragraph', () => {
    expect(texts(`${TITLE}\n\n${B1}\n${B2}\n\nUne section glissée sans ligne vide\n${B3}`)).toEqual([
      B1,
      B2,
      B3,
    ]);
    const a = parseArticle('a.txt', `${TITLE}\n\n${B1}\n\nUne section glissée sans ligne vide\n${B3}`);
    expect(a.paragraphs[1]).toMatchObject({
      text: B3,
      line: 6,
      heading: 'Une section glissée sans ligne vide',
    });
  });

  it('decides line splitting by rule', () => {
    expect(splitsIntoLines(['x'.repeat(101), 'court'])).toBe(true);
    expect(splitsIntoLines(['Une ligne de plus de quarante caractères sans point', 'suite.'])).toBe(false);
    expect(splitsIntoLines(['Phrase complète.', 'Autre phrase.'])).toBe(true);
    expect(splitsIntoLines(['Une seule ligne.'])).toBe(false);
  });
});

describe('parseArticle: title', () => {
  it('takes the first title-like line as the title', () => {
    const r = report(`${TITLE}\n\n${B1}`);
    expect(r.article.title).toBe(TITLE);
    expect(r.titleSource).toBe('line');
    expect(r.article.paragraphs.map((p) => p.text)).toEqual([B1]);
  });

  it('drops the title repeated with another apostrophe, spacing or case (repeated-title)', () => {
    const repeat = "UN TITRE  D'ARTICLE plutôt ordinaire";
    const r = report(`${TITLE}\n\n${repeat}\n\n${B1}`);
    expect(r.article.title).toBe(TITLE);
    expect(ruleFor(`${TITLE}\n\n${repeat}\n\n${B1}`, repeat)).toBe('repeated-title');
    expect(r.article.paragraphs.map((p) => p.text)).toEqual([B1]);
  });

  it('drops a breadcrumb ending with the title that follows it (breadcrumb)', () => {
    const raw = `Accueil Tech ${TITLE.replace('’', "'")}\n\n${TITLE}\n\n${B1}`;
    const r = report(raw);
    expect(r.article.title).toBe(TITLE);
    expect(r.dropped.map((d) => d.rule)).toEqual(['breadcrumb', 'title']);
    expect(r.article.paragraphs.map((p) => p.text)).toEqual([B1]);
  });

  it('drops a breadcrumb repeating the title after it', () => {
    expect(ruleFor(`${TITLE}\n\nAccueil ${TITLE}\n\n${B1}`, `Accueil ${TITLE}`)).toBe('breadcrumb');
  });

  it('does not treat a word that merely ends like the title as a breadcrumb', () => {
    expect(ruleFor(`Roc\n\nCroc\n\n${B1}`, 'Croc')).toBe('pre-lede-caption');
  });

  it('takes the title from the feed footer when the file starts with body text', () => {
    const footer = "L'article Un beau titre est apparu en premier sur Exemple.";
    const r = report(`${B1}\n${B2}\n${footer}\n`);
    expect(r.article.title).toBe('Un beau titre');
    expect(r.titleSource).toBe('feed-footer');
    // the footer stays, as the last paragraph: it says where the article was first published
    expect(r.article.paragraphs.map((p) => p.text)).toEqual([B1, B2, footer]);
  });

  it('falls back on the first sentence, then on the file name', () => {
    const r = report(`Une phrase courte mais complète. ${B1}`);
    expect(r.article.title).toBe('Une phrase courte mais complète');
    expect(r.titleSource).toBe('first-sentence');
    const long = report(`${'mot '.repeat(60)}fin.`);
    expect(long.article.title.length).toBeLessThanOrEqual(121);
    expect(long.article.title.endsWith('…')).toBe(true);
    const none = report('');
    expect(none.article).toEqual({ file: 'a.txt', title: 'a', paragraphs: [] });
    expect(none.titleSource).toBe('file-name');
  });

  it('normalizes apostrophes, quotes, spaces, accents and case for comparison', () => {
    expect(normalizeForComparison('L’IA  «\u00A0Élan\u00A0» ')).toBe(normalizeForComparison('l\'ia "elan"'));
  });
});

describe('parseArticle: furniture patterns', () => {
  it.each<[DropRule, string]>([
    ['site-icon', 'Site icon Exemple'],
    ['site-icon', 'Site logo Exemple News'],
    ['alt-text', 'balise alt = photo de la réunion'],
    ['alt-text', 'Alt: un homme devant un écran'],
    ['image-credit', 'photo de la salle crédit AFP'],
    ['image-credit', 'Illustration : Canva'],
    ['image-credit', '© Reuters'],
    ['social-handle', 'Le patron @Exemple sur X'],
  ])('%s: %s', (rule, line) => {
    expect(furnitureRule(line)).toBe(rule);
    const raw = `${TITLE}\n\n${B1}\n\n${line}\n\n${B2}`;
    expect(ruleFor(raw, line)).toBe(rule);
    expect(texts(raw)).toEqual([B1, B2]);
  });

  it('leaves body sentences that merely mention a credit or a handle', () => {
    expect(furnitureRule('Le crédit coûte cher aux entreprises.')).toBeUndefined();
    expect(furnitureRule('Il a écrit à @Exemple hier soir.')).toBeUndefined();
    expect(furnitureRule(B1)).toBeUndefined();
    const quoting = `${B1} Il note que ce texte est apparu en premier sur un blog, puis ${B2}`;
    expect(furnitureRule(quoting)).toBeUndefined();
    expect(furnitureRule('Site icon Exemple\nsur deux lignes')).toBeUndefined();
  });

  it('keeps a feed footer as a paragraph, and searches it without the title it repeats', () => {
    for (const footer of [
      "L'article Un beau titre est apparu en premier sur Exemple.",
      'The post A fine title appeared first on Example.',
    ]) {
      expect(furnitureRule(footer)).toBeUndefined();
      expect(texts(`${TITLE}\n\n${B1}\n\n${footer}`)).toEqual([B1, footer]);
      const searched = searchableText(footer);
      expect(searched).toHaveLength(footer.length);
      expect(searched).not.toMatch(/titre|title/u);
      expect(searched).toMatch(
        /^(?:L'article|The post) +(?:est apparu en premier sur Exemple|appeared first on Example)\.$/u,
      );
    }
    expect(searchableText(B1)).toBe(B1);
  });

  it('drops furniture before the title (site icon) and finds the title after it', () => {
    const r = report(`Site icon Exemple\n\n${TITLE}\n\n${B1}`);
    expect(r.article.title).toBe(TITLE);
    expect(r.article.paragraphs).toHaveLength(1);
  });
});

describe('parseArticle: short lines, headings and captions', () => {
  it('pre-lede-caption: a short line between the title and the lede', () => {
    const raw = `${TITLE}\n\nUne image de la conférence de presse\n\n${B1}`;
    expect(ruleFor(raw, 'Une image de la conférence de presse')).toBe('pre-lede-caption');
    expect(report(raw).headings).toEqual([]);
  });

  it('trailing-fragment: ≤ 3 words without punctuation after the last paragraph', () => {
    expect(ruleFor(`${TITLE}\n\n${B1}\n\nLire aussi`, 'Lire aussi')).toBe('trailing-fragment');
    expect(ruleFor(`${TITLE}\n\n${B1}\n\nle dernier`, 'le dernier')).toBe('trailing-fragment');
  });

  it('lowercase-fragment: a short line whose first word is all lower case', () => {
    const line = 'quelques mots sans majuscule ni point';
    expect(ruleFor(`${TITLE}\n\n${B1}\n\n${line}\n\n${B2}`, line)).toBe('lowercase-fragment');
    // A brand written in camel case still heads a section.
    const heading = 'xAI change de stratégie';
    expect(parseArticle('a.txt', `${TITLE}\n\n${B1}\n\n${heading}\n\n${B2}`).paragraphs[1]?.heading).toBe(
      heading,
    );
  });

  it('name-caption: ≤ 3 words that also appear in the body (a photo of someone)', () => {
    expect(ruleFor(`${TITLE}\n\n${B1}\n\nElon Musk\n\n${B2}`, 'Elon Musk')).toBe('name-caption');
    expect(ruleFor(`${TITLE}\n\n${B1}\n\nGrok\n\n${B2}`, 'Grok')).toBe('name-caption');
    // Whole words only, case-sensitive: "Gro" is not in "Grok"; "Le récit avec" is not "le récit avec".
    expect(ruleFor(`${TITLE}\n\n${B1}\n\nGro\n\n${B2}`, 'Gro')).toBe('too-short-for-heading');
    expect(ruleFor(`${TITLE}\n\n${B1}\n\nElon Musk et\n\n${B2}`, 'Elon Musk et')).toBe('name-caption');
    expect(ruleFor(`${TITLE}\n\n${B1}\n\nLe récit avec\n\n${B2}`, 'Le récit avec')).toBeUndefined();
  });

  it('too-short-for-heading: fewer than 3 words, or not starting with a capital', () => {
    expect(ruleFor(`${TITLE}\n\n${B1}\n\nRésumé rapide\n\n${B2}`, 'Résumé rapide')).toBe(
      'too-short-for-heading',
    );
    expect(ruleFor(`${TITLE}\n\n${B1}\n\n— une note en marge\n\n${B2}`, '— une note en marge')).toBe(
      'too-short-for-heading',
    );
  });

  it('orphan-short-line: a heading-like line not followed by body text', () => {
    const raw = `${TITLE}\n\n${B1}\n\nQuitter la version mobile`;
    expect(ruleFor(raw, 'Quitter la version mobile')).toBe('orphan-short-line');
    const twice = `${TITLE}\n\n${B1}\n\nUne légende de photo ici\n\nUne vraie section du texte\n\n${B2}`;
    expect(ruleFor(twice, 'Une légende de photo ici')).toBe('orphan-short-line');
    expect(parseArticle('a.txt', twice).paragraphs[1]?.heading).toBe('Une vraie section du texte');
  });

  it('attaches a heading to the following paragraphs until the next heading', () => {
    const a = parseArticle(
      'a.txt',
      `${TITLE}\n\n${B1}\n\nPremière partie du texte\n\n${B2}\n\n${B3}\n\nGrok 5 : une seconde partie\n\n${B1}`,
    );
    expect(a.paragraphs.map((p) => p.heading)).toEqual([
      undefined,
      'Première partie du texte',
      'Première partie du texte',
      'Grok 5 : une seconde partie',
    ]);
    expect(a.paragraphs.map((p) => p.number)).toEqual([1, 2, 3, 4]);
    expect(a.paragraphs.map((p) => p.line)).toEqual([3, 7, 9, 13]);
    expect('heading' in (a.paragraphs[0] ?? {})).toBe(false);
  });

  it('keeps short punctuated paragraphs and long unpunctuated ones', () => {
    const long =
      'Une très longue ligne sans ponctuation finale qui compte bien plus de quinze mots et reste donc du texte courant';
    expect(texts(`${TITLE}\n\n${B1}\n\nC’est tout.\n\n${long}`)).toEqual([B1, 'C’est tout.', long]);
  });

  it('gives no paragraph for a file of furniture only', () => {
    expect(texts('Site icon Exemple\n\nUn titre\n\nQuitter la version mobile\n')).toEqual([]);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { parseArticle, parseArticleWithReport } from '../../src/corpus/parse.js';
import type { Article } from '../../src/corpus/types.js';

const SEEDS = fileURLToPath(new URL('../../seeds/', import.meta.url));
const files = readdirSync(SEEDS)
  .filter((f) => f.endsWith('.txt'))
  .sort();
const raw = (file: string): string => readFileSync(`${SEEDS}${file}`, 'utf8');
const parse = (file: string): Article => parseArticle(file, raw(file));

/** Expectations checked by reading each seed file by hand. */
const EXPECTED: Record<string, { title: string; paragraphs: number; headings: string[] }> = {
  '000_378f6c1953f514f5.txt': {
    title:
      'xAI, la startup d’Elon Musk, négocie 12 milliards pour continuer à se réserver les puces de NVIDIA',
    paragraphs: 9,
    headings: [],
  },
  '001_4626a044e08255b5.txt': {
    // No title line: taken from the feed footer "L'article … est apparu en premier sur Technext."
    title:
      "xAI lève 20 milliards de dollars lors d'une série E sursouscrite alors que Nvidia et Cisco placent un pari stratégique",
    // its footer is its last paragraph: it says where the article was first published
    paragraphs: 14,
    headings: [],
  },
  '002_aa186ca6a34322bb.txt': {
    // No title line and no footer: the lede's first sentence.
    title: 'Elon Musk multiplie les annonces spectaculaires dans le domaine de l’intelligence artificielle',
    paragraphs: 18,
    headings: [
      'Une vision industrielle démesurée',
      'Grok 5 : un pas vers l’intelligence artificielle générale',
      'Un marché financier sous tension',
      'Une confrontation ouverte avec la concurrence',
      'Vers un futur façonné par des milliards de processeurs',
    ],
  },
  '003_d5b173115a18c4cc.txt': {
    title: 'Levée de 20 milliards chez xAI : l’IA se joue sur l’infrastructure',
    paragraphs: 9,
    headings: [
      'Une levée qui entérine le basculement industriel de l’IA',
      'Le calcul, nouveau facteur de concentration du marché',
      'Grok : des usages intégrés, une gouvernance peu documentée',
      'Une intégration étroite à la plateforme X',
    ],
  },
  '004_466c3ba0de990664.txt': {
    title: 'Elon Musk fusionne X avec xAI pour renforcer Grok et son empire IA',
    paragraphs: 6,
    headings: [
      'X et xAI, deux briques désormais fusionnées',
      'Grok, l’arme de Musk pour concurrencer OpenAI',
      'Un accord aux contours flous mais à fort levier',
      'Une fusion qui repose sur des équilibres financiers complexes',
    ],
  },
};

const FURNITURE = [
  'Site icon Freenews',
  'Quitter la version mobile',
  'balise alt = fusion X xAI Elon Musk',
  'Elon Musk @Grok X Freenews',
  'levee de fonds xAI credit canva',
  'Elon Musk',
  'Grok',
  'le dernier',
];

describe('seed articles', () => {
  it('are the five expected files', () => {
    expect(files).toEqual(Object.keys(EXPECTED));
  });

  describe.each(files)('%s', (file) => {
    const expected = EXPECTED[file];
    if (expected === undefined) throw new Error(`no expectations for ${file}`);
    const article = parse(file);
    const text = raw(file);
    const lines = text.split('\n');

    it('has the expected title and paragraph count', () => {
      expect(article.file).toBe(file);
      expect(article.title).toBe(expected.title);
      expect(article.paragraphs).toHaveLength(expected.paragraphs);
    });

    it('numbers paragraphs 1..n with ids file#n', () => {
      article.paragraphs.forEach((p, i) => {
        expect(p.number).toBe(i + 1);
        expect(p.id).toBe(`${file}#${i + 1}`);
        expect(p.file).toBe(file);
      });
    });

    it('keeps every paragraph verbatim, starting on its line', () => {
      for (const p of article.paragraphs) {
        expect(text.includes(p.text)).toBe(true);
        expect(p.text).not.toMatch(/[\r\n]$/);
        expect(p.text.trim()).toBe(p.text);
        expect(lines[p.line - 1]?.startsWith(p.text.split('\n')[0] ?? '<none>')).toBe(true);
        // Kept paragraphs are body text: long and punctuated.
        expect(p.text.split(/\s+/).length).toBeGreaterThan(15);
      }
    });

    it('keeps no furniture, caption or title as a paragraph', () => {
      const texts = article.paragraphs.map((p) => p.text);
      for (const f of FURNITURE) expect(texts).not.toContain(f);
      // a feed footer may stay, as the last paragraph only
      for (const t of texts.slice(0, -1)) expect(t).not.toMatch(/est apparu en premier sur/);
      for (const t of texts) {
        expect(t.replace(/[’']/g, "'")).not.toBe(article.title.replace(/[’']/g, "'"));
        expect(t).not.toMatch(/^Accueil\b/);
      }
    });

    it('attaches the expected section headings', () => {
      const seen = [...new Set(article.paragraphs.map((p) => p.heading).filter((h) => h !== undefined))];
      expect(seen).toEqual(expected.headings);
      expect(parseArticleWithReport(file, text).headings.map((h) => h.text)).toEqual(expected.headings);
      for (const h of expected.headings) expect(article.paragraphs.map((p) => p.text)).not.toContain(h);
    });
  });

  it('puts paragraphs under the right heading, until the next one', () => {
    const a = parse('002_aa186ca6a34322bb.txt');
    const under = (start: string) => a.paragraphs.find((p) => p.text.startsWith(start));
    expect(a.paragraphs[0]?.heading).toBeUndefined();
    expect(a.paragraphs[2]?.heading).toBeUndefined();
    expect(under('Musk a exprimé sa volonté')?.heading).toBe('Une vision industrielle démesurée');
    expect(under('Musk a exprimé sa volonté')?.line).toBe(9);
    expect(under('Dans ce paysage, Musk')?.heading).toBe('Une vision industrielle démesurée');
    expect(under('Le moteur central')?.heading).toBe(
      'Grok 5 : un pas vers l’intelligence artificielle générale',
    );
    expect(under('Musk avance donc')?.number).toBe(18);
    expect(under('Musk avance donc')?.line).toBe(45);
  });

  it('drops furniture by the expected rules', () => {
    const rules = (file: string) =>
      parseArticleWithReport(file, raw(file)).dropped.map((d) => [d.line, d.rule, d.text.slice(0, 20)]);
    expect(rules('000_378f6c1953f514f5.txt')).toEqual([
      [1, 'title', 'xAI, la startup d’El'],
      [3, 'repeated-title', "xAI, la startup d'El"],
      [23, 'trailing-fragment', 'le dernier'],
    ]);
    expect(rules('001_4626a044e08255b5.txt')).toEqual([
      [4, 'name-caption', 'Elon Musk'],
      [10, 'name-caption', 'Grok'],
    ]);
    expect(rules('002_aa186ca6a34322bb.txt')).toEqual([]);
    expect(rules('003_d5b173115a18c4cc.txt')).toEqual([
      [1, 'breadcrumb', 'Accueil IA Levée de '],
      [3, 'title', 'Levée de 20 milliard'],
      [5, 'image-credit', 'levee de fonds xAI c'],
    ]);
    expect(rules('004_466c3ba0de990664.txt')).toEqual([
      [1, 'site-icon', 'Site icon Freenews'],
      [3, 'title', 'Elon Musk fusionne X'],
      [5, 'alt-text', 'balise alt = fusion '],
      [7, 'social-handle', 'Elon Musk @Grok X Fr'],
      [29, 'orphan-short-line', 'Quitter la version m'],
    ]);
  });

  it('splits the line-separated seed (001) into one paragraph per line', () => {
    const a = parse('001_4626a044e08255b5.txt');
    expect(a.paragraphs.map((p) => p.line)).toEqual([1, 2, 3, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16]);
    for (const p of a.paragraphs) expect(p.text).not.toContain('\n');
  });

  it('all load from the seeds folder without problems', async () => {
    const result = await loadCorpus(SEEDS);
    expect(result.problems).toEqual([]);
    expect(result.ignored).toEqual([]);
    expect(result.corpus.articles.map((a) => a.file)).toEqual(files);
    expect(result.corpus.articles.map((a) => a.paragraphs.length)).toEqual([9, 14, 18, 9, 6]);
    expect(result.corpus.articles).toEqual(files.map(parse));
  });
});

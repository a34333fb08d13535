import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/corpus/types.js';
import { ArticleLookup, foldForLookup } from '../../src/engine/article-lookup.js';

const article = (file: string, title: string): Article => ({ file, title, paragraphs: [] });
const articles = [
  article('000_a.txt', 'xAI, la startup d’Elon Musk, négocie 12 milliards'),
  article('001_b.txt', 'Levée de 20 milliards chez xAI'),
  article('002_c.txt', 'Elon Musk fusionne X avec xAI'),
];

describe('foldForLookup', () => {
  it('folds case, accents, apostrophes and spaces', () => {
    expect(foldForLookup('  Levée  de L’IA ')).toBe("levee de l'ia");
  });
});

describe('ArticleLookup', () => {
  const lookup = new ArticleLookup(articles);

  it('gets an article by exact file name, by name without extension, or by the start of its title', () => {
    expect(lookup.get('001_b.txt')?.file).toBe('001_b.txt');
    expect(lookup.get('002_c')?.file).toBe('002_c.txt');
    expect(lookup.get('levee de 20')?.file).toBe('001_b.txt');
    expect(lookup.get("xAI, la startup d'Elon")?.file).toBe('000_a.txt');
  });

  it('knows nothing outside the loaded articles, whatever path is typed', () => {
    for (const name of ['../../etc/passwd', '/etc/passwd', '..', 'seeds/001_b.txt', 'xa', '']) {
      expect(lookup.get(name)).toBeUndefined();
    }
  });

  it('ranks title starts before word starts before substrings, within the limit', () => {
    expect(lookup.find('elon', 25).map((a) => a.file)).toEqual(['002_c.txt', '000_a.txt']);
    expect(lookup.find('milliards', 1)).toHaveLength(1);
    expect(lookup.find('', 2)).toHaveLength(2);
    expect(lookup.find('zzz', 25)).toEqual([]);
  });
});

describe('ArticleLookup at scale', () => {
  const many = Array.from({ length: 400 }, (_, i) =>
    article(`${String(i).padStart(4, '0')}_x.txt`, `${i % 2 === 0 ? 'Commande' : 'Fichier'} numéro ${i}`),
  );
  const lookup = new ArticleLookup(many);
  const slowFind = (typed: string, limit: number) => {
    const query = foldForLookup(typed);
    const rank = (a: Article) => {
      const title = foldForLookup(a.title);
      const file = foldForLookup(a.file);
      if (title.startsWith(query) || file.startsWith(query)) return 0;
      if (title.includes(` ${query}`)) return 1;
      if (title.includes(query) || file.includes(query)) return 2;
      return 3;
    };
    return many
      .filter((a) => rank(a) < 3)
      .sort((a, b) => rank(a) - rank(b) || (foldForLookup(a.title) < foldForLookup(b.title) ? -1 : 1))
      .slice(0, limit)
      .map((a) => a.file);
  };

  it('gives the same answers through the sorted fast path as a full scan would', () => {
    for (const typed of ['c', 'com', 'Commande num', 'fich', 'numero 1', '00', '0012', 'x', 'zz']) {
      expect(lookup.find(typed, 25).map((a) => a.file)).toEqual(slowFind(typed, 25));
    }
  });
});

import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/corpus/parse.js';
import { Engine } from '../../src/engine/engine.js';

// "Exhorte" is a label's and a festival's name in one article, a verb in the others
const engine = Engine.build({
  articles: [
    parseArticle(
      'a.txt',
      'Images truquées\n\nJean Dupont demande au régulateur de réagir contre les fausses images.\n',
    ),
    parseArticle(
      'b.txt',
      [
        'Musique',
        'Le label Exhorte Records sort un disque de jazz cet hiver.',
        'La mairie exhorte les habitants au calme avant le concert.',
        'Le festival Exhorte Jazz revient à Lyon.',
      ].join('\n\n'),
    ),
    parseArticle(
      'c.txt',
      'Nouvelles de la région\n\nLa mairie de Grenoble ouvre une nouvelle piscine municipale au printemps.\n',
    ),
  ],
});

describe('names the question gives', () => {
  it('are the words the asker capitalised, when they capitalised any: "exhorte" is not one', () => {
    for (const question of [
      'Contre quoi Jean Dupont exhorte-t-il à réagir ?',
      'Jean Dupont exhorte à réagir contre quoi ?',
    ]) {
      expect(engine.ask(question).answers[0]?.quote, question).toContain('contre les fausses images');
    }
  });

  it('in a question typed in lower case, are the words the articles capitalise mid-sentence', () => {
    expect(engine.ask('contre koi jean dupont exhorte a reagir').answers[0]?.quote).toContain(
      'contre les fausses images',
    );
  });
});

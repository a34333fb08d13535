import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/corpus/parse.js';
import { Engine } from '../../src/engine/engine.js';

const OTHER_NEWS = [
  'La mairie de Grenoble ouvre une nouvelle piscine municipale au printemps.',
  'Le festival de jazz accueille cette année des musiciens venus de tout le pays.',
  'Les ingénieurs de la région présentent leurs travaux lors d’un salon en juin.',
].join('\n\n');

/** Two short articles about the same robot, among other news. */
function engineOf(first: string, second: string): Engine {
  return Engine.build({
    articles: [
      parseArticle('a.txt', `Nouvelles de la robotique\n\n${first}\n`),
      parseArticle('b.txt', `La robotique en bref\n\n${second}\n`),
      parseArticle('c.txt', `Nouvelles de la région\n\n${OTHER_NEWS}\n`),
    ],
  });
}

const QUESTION = 'Combien pèse le robot de Lumen ?';

describe('passages that answer equally well', () => {
  it('declines when they say different things, rather than quote one at random', () => {
    const engine = engineOf(
      'Le robot de Lumen pèse 80 kilos selon la fiche technique publiée hier.',
      'Le robot de Lumen pèse 95 kilos d’après les ingénieurs de Grenoble.',
    );
    const result = engine.ask(QUESTION);
    expect(result.answered).toBe(false);
    expect(result.nearest.map((passage) => passage.file).sort()).toEqual(['a.txt', 'b.txt']);
  });

  it('answers when they tell the same fact in other words', () => {
    const engine = engineOf(
      'Le robot de Lumen pèse 80 kilos selon la fiche technique publiée hier.',
      'Selon la fiche technique, publiée hier, le robot de Lumen pèse 80 kilos.',
    );
    const result = engine.ask(QUESTION);
    expect(result.answered).toBe(true);
    expect(result.answers[0]?.quote).toContain('80 kilos');
  });

  it('answers an amount asked without "combien" when both quotes give the same one', () => {
    const engine = engineOf(
      'Lumen a bouclé sa levée de fonds bien au-delà de son objectif initial : 15 millions visés au départ.',
      'Selon ses dirigeants, la levée de fonds de Lumen, dont l’objectif initial était de 15 millions, attire banques et investisseurs privés.',
    );
    const result = engine.ask("Quel était l'objectif initial de la levée de fonds de Lumen ?");
    expect(result.answered).toBe(true);
    expect(result.answers[0]?.quote).toContain('15 millions');
  });

  it('declines on two distant paragraphs of one article as on two articles, not on two that follow each other', () => {
    const oneArticle = (paragraphs: string[]) =>
      Engine.build({
        articles: [
          parseArticle('a.txt', `Nouvelles de la robotique\n\n${paragraphs.join('\n\n')}\n`),
          parseArticle('c.txt', `Nouvelles de la région\n\n${OTHER_NEWS}\n`),
        ],
      });
    const heavy = 'Le robot de Lumen pèse 80 kilos selon la fiche technique publiée hier.';
    const heavier = 'Le robot de Lumen pèse 95 kilos d’après les ingénieurs de Grenoble.';
    const between = 'La salle d’exposition ouvre ses portes à dix heures chaque matin.';
    expect(oneArticle([heavy, between, heavier]).ask(QUESTION).answered).toBe(false);
    expect(oneArticle([heavy, heavier, between]).ask(QUESTION).answered).toBe(true);
  });

  it('answers when one passage is clearly better', () => {
    const engine = engineOf(
      'Le robot de Lumen pèse 80 kilos selon la fiche technique publiée hier.',
      'Le robot de la concurrence pèse 95 kilos d’après les ingénieurs de Grenoble.',
    );
    const result = engine.ask(QUESTION);
    expect(result.answered).toBe(true);
    expect(result.answers[0]?.quote).toContain('80 kilos');
  });

  it('answers "qui" from the quote that names someone when the other, as good, names no one', () => {
    const question = 'Qui a financé le robot de Lumen ?';
    const named = 'Le robot de Lumen a été financé par Bpifrance et Kima Ventures cette année.';
    const unnamed =
      'Le robot de Lumen a été financé par des investisseurs de la région cette année, après deux ans de travaux menés dans les ateliers de la ville.';
    const result = engineOf(named, unnamed).ask(question);
    expect(result.answered).toBe(true);
    expect(result.answers[0]?.quote).toContain('Bpifrance');
    // two quotes naming different people are still a reason to decline
    const otherNames = 'Le robot de Lumen a été financé par Eurazeo et Partech cette année.';
    expect(engineOf(named, otherNames).ask(question).answered).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/corpus/parse.js';
import { Engine } from '../../src/engine/engine.js';

const OTHER_NEWS = [
  'La mairie de Grenoble ouvre une nouvelle piscine municipale au printemps.',
  'Le festival de jazz accueille cette année des musiciens venus de tout le pays.',
  'Les ingénieurs de la région présentent leurs travaux lors d’un salon en juin.',
].join('\n\n');

function engineOf(text: string): Engine {
  return Engine.build({
    articles: [
      parseArticle('a.txt', `Nouvelles de la robotique\n\n${text}\n`),
      parseArticle('c.txt', `Nouvelles de la région\n\n${OTHER_NEWS}\n`),
    ],
  });
}

describe('a measure asked, said without its word', () => {
  const engine = engineOf(
    'Le robot de Lumen a été assemblé en 12 jours par une équipe de six ingénieurs grenoblois.',
  );

  it('finds "combien de temps" in a duration, and takes "il a fallu" for grammar', () => {
    const result = engine.ask('Combien de temps a-t-il fallu pour assembler le robot ?');
    expect(result.answered).toBe(true);
    expect(result.answers[0]?.quote).toContain('12 jours');
  });

  it('does not find a duration where none is said', () => {
    expect(engine.ask('Combien de temps a duré le festival de jazz ?').answered).toBe(false);
  });
});

describe('an amount asked, said of something else', () => {
  const engine = engineOf(
    'Les banques qui avaient financé le rachat de Lumen par Orbis en 2021 ont revendu la dette de 3 milliards d’euros.\n\nOrbis a levé 500 millions d’euros auprès de fonds européens.',
  );

  it('declines "combien Orbis a payé Lumen" from the amount of the debt', () => {
    expect(engine.ask('cb orbis a paye lumen en 2021').answered).toBe(false);
  });

  it('finds "quelle somme" in an amount, as it finds "combien d’argent"', () => {
    const result = engine.ask('Quelle somme Orbis a-t-il obtenue auprès de fonds européens ?');
    expect(result.answers[0]?.quote).toContain('500 millions');
  });

  it('answers the amount of the debt when the debt is asked', () => {
    const result = engine.ask('Quel était le montant de la dette du rachat de Lumen ?');
    expect(result.answers[0]?.quote).toContain('3 milliards');
  });
});

describe('an amount in a paragraph that names nobody', () => {
  const engine = engineOf(
    'Alors que des sociétés comme Nimbus, Cirrus ou Stratus louent leurs serveurs, la société Zephyr construit les siens.\n\nCette opération, en complément des 4 milliards d’euros déjà levés, vise à renforcer ses capacités de calcul.',
  );

  it('is the amount of the name the paragraph before is about', () => {
    const result = engine.ask('Combien Zephyr a-t-il déjà levé ?');
    expect(result.answered).toBe(true);
    expect(result.answers[0]?.quote).toContain('4 milliards');
  });

  it('is not the amount of a name the paragraph before gives as one example among others', () => {
    expect(engine.ask('Combien Cirrus a-t-il déjà levé ?').answered).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import type { Concept } from '../../src/search/query/concepts.js';
import { detectMeasure } from '../../src/search/query/measure.js';

const concepts = (...surfaces: string[]): Concept[] =>
  surfaces.map((surface) => ({
    surface,
    alternatives: new Map([[surface.toLowerCase(), 1]]),
    importance: 1,
  }));

describe('detectMeasure', () => {
  it('tells money, percentages and durations apart', () => {
    expect(detectMeasure('Combien Cisco a-t-il investi ?', []).unit).toBe('money');
    expect(detectMeasure('How much did Musk pay for Twitter?', []).unit).toBe('money');
    expect(detectMeasure('Quel pourcentage du capital détient-il ?', []).unit).toBe('percentage');
    expect(detectMeasure('What share of xAI does Valor own?', []).unit).toBe('percentage');
    expect(detectMeasure('combien de temps pour passer de 100 000 à 200 000 GPU', []).unit).toBe('duration');
    expect(detectMeasure('Sur quelle durée Musk veut-il les GPU ?', []).unit).toBe('duration');
  });

  it('names the counted concept, in French and English', () => {
    expect(detectMeasure('Combien de jours a-t-il fallu ?', concepts('jours'))).toEqual({
      unit: 'count',
      concepts: [0],
    });
    expect(detectMeasure("Combien d'employés compte xAI ?", concepts('employés', 'xAI'))).toEqual({
      unit: 'count',
      concepts: [0],
    });
    expect(detectMeasure('nombre de gpu dans colossus', concepts('gpu', 'colossus'))).toEqual({
      unit: 'count',
      concepts: [0],
    });
    expect(detectMeasure('How many banks financed it?', concepts('banks'))).toEqual({
      unit: 'count',
      concepts: [0],
    });
    // "levels" is not a "levée" (a funding round), so this counts levels
    expect(detectMeasure('On how many levels does the deal matter?', concepts('levels', 'deal'))).toEqual({
      unit: 'count',
      concepts: [0],
    });
    expect(detectMeasure('Combien xAI a-t-il levé ?', []).unit).toBe('money');
    expect(detectMeasure('Combien de banques ont financé l’achat ?', concepts('banques')).unit).toBe('count');
    expect(detectMeasure('Combien la société a-t-elle été valorisée ?', []).unit).toBe('money');
    expect(detectMeasure('Combien de petits réacteurs ?', concepts('petits', 'réacteurs'))).toEqual({
      unit: 'count',
      concepts: [0, 1],
    });
  });

  it('asks for any number when nothing more precise is said', () => {
    expect(detectMeasure('Combien xAI a-t-il de centres ?', concepts('xAI', 'centres')).unit).toBe('any');
    expect(detectMeasure('Quel modèle ?', []).unit).toBe('any');
  });
});

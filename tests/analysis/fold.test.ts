import { describe, expect, it } from 'vitest';
import { foldAccents } from '../../src/search/analysis/fold.js';

describe('foldAccents', () => {
  it('removes French accents', () => {
    expect(foldAccents('équipé')).toBe('equipe');
    expect(foldAccents('àâäçéèêëîïôöùûüÿ')).toBe('aaaceeeeiioouuuy');
  });

  it('spells out œ and æ, which do not decompose', () => {
    expect(foldAccents('cœur')).toBe('coeur');
    expect(foldAccents('ex æquo')).toBe('ex aequo');
    expect(foldAccents('Œuvre')).toBe('OEuvre');
  });

  it('removes combining marks already apart from their letter', () => {
    expect(foldAccents('e\u0301te\u0301')).toBe('ete');
  });

  it('returns plain words as they are', () => {
    const word = 'h100';
    expect(foldAccents(word)).toBe(word);
    expect(foldAccents("aujourd'hui")).toBe("aujourd'hui");
  });
});

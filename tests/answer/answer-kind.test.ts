import { describe, expect, it } from 'vitest';
import { holdsAnswerKind } from '../../src/answer/answer-kind.js';

describe('holdsAnswerKind', () => {
  it('finds a number that the question did not already give', () => {
    const q = 'Combien de GPU H100 équipent Colossus ?';
    expect(holdsAnswerKind('Colossus équipé de 200 000 GPU NVIDIA H100', 'number', q)).toBe(true);
    expect(holdsAnswerKind('des cartes H100 de NVIDIA', 'number', q)).toBe(false);
    expect(holdsAnswerKind('les sept banques', 'number', q)).toBe(true);
    expect(holdsAnswerKind('il a levé 20 milliards', 'number', 'A-t-il levé 20 milliards ?')).toBe(false);
  });

  it('finds a name that is not in the question and not merely a sentence start', () => {
    const q = 'Qui a qualifié la performance de superhumaine ?';
    expect(holdsAnswerKind('qualifiée « superhumaine » par le PDG de NVIDIA, Jensen Huang.', 'who', q)).toBe(
      true,
    );
    expect(holdsAnswerKind('Cette performance est superhumaine.', 'who', q)).toBe(false);
  });

  it('finds dates and reasons', () => {
    expect(holdsAnswerKind('le rachat de Twitter en 2022', 'when', 'Quand ?')).toBe(true);
    expect(holdsAnswerKind('signalé vendredi aux procureurs', 'when', 'Quand ?')).toBe(true);
    expect(holdsAnswerKind('une infrastructure robuste', 'when', 'Quand ?')).toBe(false);
    expect(holdsAnswerKind('est essentielle : il faut de l’énergie', 'why', 'Pourquoi ?')).toBe(true);
    expect(holdsAnswerKind('Grok est un chatbot.', 'why', 'Pourquoi ?')).toBe(false);
  });
});

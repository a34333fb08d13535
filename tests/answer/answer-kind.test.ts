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

describe('holdsAnswerKind on questions about money', () => {
  it('wants an amount of money, not any number', () => {
    const q = 'Combien Cisco a-t-il investi dans xAI ?';
    expect(
      holdsAnswerKind('Les deux investissements sont donc autant stratégiques que financiers.', 'number', q),
    ).toBe(false);
    expect(holdsAnswerKind('qui a levé 20 milliards de dollars', 'number', q)).toBe(true);
    expect(holdsAnswerKind('Levée de 20 milliards chez xAI', 'number', 'How much did xAI raise?')).toBe(true);
    expect(holdsAnswerKind('une enveloppe de 500 M€', 'number', 'Quel est le montant ?')).toBe(true);
  });
});

describe('holdsAnswerKind on places', () => {
  it('wants a named place after a preposition, not any capitalised word', () => {
    const q = 'Où se trouve le supercalculateur Colossus ?';
    expect(holdsAnswerKind('Colossus, le supercalculateur déployé dans le Tennessee', 'where', q)).toBe(true);
    expect(holdsAnswerKind('un sommet récent à Washington', 'where', q)).toBe(true);
    expect(
      holdsAnswerKind('les plus grands supercalculateurs au monde, avec Colossus I et II', 'where', q),
    ).toBe(false);
  });
});

describe('holdsAnswerKind on places, acronyms', () => {
  it('does not take an acronym after a preposition for a place', () => {
    expect(holdsAnswerKind('qu’il compare aux GPU H100 de Nvidia', 'where', 'Où est Colossus ?')).toBe(false);
  });
});

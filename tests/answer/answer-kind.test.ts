import { describe, expect, it } from 'vitest';
import {
  type AnswerShape,
  definesName,
  holdsAnswerKind,
  onlySpellsOut,
} from '../../src/answer/answer-kind.js';
import type { AnswerKind } from '../../src/search/query/kind.js';
import type { Measure } from '../../src/search/query/measure.js';

const shape = (kind: AnswerKind, text: string, measure?: Measure): AnswerShape => ({ kind, text, measure });
const any: Measure = { unit: 'any' };

describe('holdsAnswerKind', () => {
  it('finds a number that the question did not already give', () => {
    const q = shape('number', 'Combien de GPU H100 équipent Colossus ?', any);
    expect(holdsAnswerKind('Colossus équipé de 200 000 GPU NVIDIA H100', q)).toBe(true);
    expect(holdsAnswerKind('des cartes H100 de NVIDIA', q)).toBe(false);
    expect(holdsAnswerKind('les sept banques', q)).toBe(true);
    // a number word inside another word is none ("récent" holds "cent", "décennie" nothing)
    expect(holdsAnswerKind('lors d’un sommet récent à Washington', q)).toBe(false);
    expect(
      holdsAnswerKind('il a levé 20 milliards', shape('number', 'A-t-il levé 20 milliards ?', any)),
    ).toBe(false);
  });

  it('finds a name that is not in the question and not merely a sentence start', () => {
    const q = shape('who', 'Qui a qualifié la performance de superhumaine ?');
    expect(holdsAnswerKind('qualifiée « superhumaine » par le PDG de NVIDIA, Jensen Huang.', q)).toBe(true);
    expect(holdsAnswerKind('Cette performance est superhumaine.', q)).toBe(false);
  });

  it('for "comment s\'appelle le régulateur", finds a name next to the thing named, not anywhere', () => {
    const q: AnswerShape = { kind: 'who', text: 'Comment s’appelle le régulateur ?', naming: 0 };
    const far =
      'Elle a condamné mardi les deepfakes de Grok comme épouvantables et inacceptables, appelant le régulateur à agir.';
    expect(holdsAnswerKind(far, q, [far.indexOf('régulateur')])).toBe(false);
    const near = 'Elle a saisi le régulateur britannique Ofcom.';
    expect(holdsAnswerKind(near, q, [near.indexOf('régulateur')])).toBe(true);
    // without a thing named, any new name answers "qui"
    expect(holdsAnswerKind(far, shape('who', 'Qui a condamné les deepfakes ?'))).toBe(true);
  });

  it('does not take the next item of a list for the name of the thing named', () => {
    const q: AnswerShape = { kind: 'who', text: 'What is the name of the Qatari sovereign fund?', naming: 0 };
    const listed = 'notamment le fonds souverain du Qatar et Valour Equity Partners';
    expect(holdsAnswerKind(listed, q, [listed.indexOf('fonds')])).toBe(false);
    // a name in apposition before the thing, one comma away, is its name
    const apposition = 'Valour Equity Partners, la société d’investissement de Gracias';
    const firm: AnswerShape = {
      kind: 'who',
      text: 'Comment s’appelle la société d’investissement ?',
      naming: 0,
    };
    expect(holdsAnswerKind(apposition, firm, [apposition.indexOf('société')])).toBe(true);
  });

  it('takes people and bodies without a name for "à qui", not for "quels" or "which"', () => {
    const passage = 'Les ministres français auraient signalé la production de Grok aux procureurs.';
    expect(holdsAnswerKind(passage, shape('who', 'À qui les ministres ont-ils signalé Grok ?'))).toBe(true);
    expect(holdsAnswerKind(passage, shape('who', 'les ministres fr ont signale grok a ki'))).toBe(true);
    expect(holdsAnswerKind(passage, shape('who', 'Quels ministres ont signalé Grok ?'))).toBe(false);
    expect(holdsAnswerKind(passage, shape('who', 'Which ministers reported Grok?'))).toBe(false);
    // the body the question names is not its answer
    expect(holdsAnswerKind('Les procureurs enquêtent.', shape('who', 'Qui a saisi les procureurs ?'))).toBe(
      false,
    );
  });

  it('does not take a rate over one period for a rate over another', () => {
    const daily = shape('number', 'Combien d’utilisateurs actifs par jour compte X ?');
    expect(holdsAnswerKind('600 millions d’utilisateurs actifs mensuels', daily)).toBe(false);
    expect(holdsAnswerKind('30 millions d’utilisateurs quotidiens', daily)).toBe(true);
    // a number said with no period may still be the one asked
    expect(holdsAnswerKind('600 millions d’utilisateurs', daily)).toBe(true);
    expect(
      holdsAnswerKind(
        '600 millions d’utilisateurs actifs mensuels',
        shape('number', 'Combien d’utilisateurs ?'),
      ),
    ).toBe(true);
  });

  it('wants a date of the unit asked: a weekday, a year, a month', () => {
    const weekday = shape('when', 'On which day of the week did xAI announce the round?');
    expect(holdsAnswerKind('xAI a déclaré mardi que l’argent accélérera', weekday)).toBe(true);
    expect(holdsAnswerKind('le rachat de Twitter en 2022', weekday)).toBe(false);
    const year = shape('when', 'En quelle année Musk a-t-il racheté Twitter ?');
    expect(holdsAnswerKind('le rachat de Twitter en 2022', year)).toBe(true);
    expect(holdsAnswerKind('signalé vendredi aux procureurs', year)).toBe(false);
    const month = shape('when', 'In which month was Grok 3 released?');
    expect(holdsAnswerKind('lancé en février', month)).toBe(true);
    expect(holdsAnswerKind('lancé en 2025', month)).toBe(false);
  });

  it('finds dates and reasons', () => {
    expect(holdsAnswerKind('le rachat de Twitter en 2022', shape('when', 'Quand ?'))).toBe(true);
    expect(holdsAnswerKind('signalé vendredi aux procureurs', shape('when', 'Quand ?'))).toBe(true);
    expect(holdsAnswerKind('une infrastructure robuste', shape('when', 'Quand ?'))).toBe(false);
    // a duration or a vague "récemment" is no date
    expect(holdsAnswerKind('200 000 unités en seulement trois mois', shape('when', 'Quand ?'))).toBe(false);
    expect(holdsAnswerKind('Grok-3 a été lancée récemment', shape('when', 'Quand ?'))).toBe(false);
    expect(holdsAnswerKind('annoncé la semaine dernière', shape('when', 'Quand ?'))).toBe(true);
    // with the question's words located, the date must be near them: 2022 is the purchase's, not the merger's
    const merger =
      'Cette fusion intervient alors que les sept banques ayant financé l’achat de Twitter par Musk en 2022';
    expect(holdsAnswerKind(merger, shape('when', 'Quand la fusion ?'), [], [merger.indexOf('fusion')])).toBe(
      false,
    );
    expect(holdsAnswerKind(merger, shape('when', 'Quand l’achat ?'), [], [merger.indexOf('achat')])).toBe(
      true,
    );
    expect(holdsAnswerKind('est essentielle : il faut de l’énergie', shape('why', 'Pourquoi ?'))).toBe(true);
    expect(holdsAnswerKind('Grok est un chatbot.', shape('why', 'Pourquoi ?'))).toBe(false);
    expect(
      holdsAnswerKind('bâtir ses centres, visant à maîtriser la chaîne', shape('why', 'Pourquoi ?')),
    ).toBe(true);
    expect(holdsAnswerKind('avec l’objectif d’acquérir des puces', shape('why', 'Pourquoi ?'))).toBe(true);
  });
});

describe('holdsAnswerKind on measures', () => {
  it('wants an amount of money for money questions, not any number', () => {
    const q = shape('number', 'Combien Cisco a-t-il investi dans xAI ?', { unit: 'money' });
    expect(holdsAnswerKind('Les deux investissements sont donc autant stratégiques que financiers.', q)).toBe(
      false,
    );
    expect(holdsAnswerKind('qui a levé 20 milliards de dollars', q)).toBe(true);
    expect(holdsAnswerKind('une enveloppe de 500 M€', q)).toBe(true);
    expect(holdsAnswerKind('contre 80 milliards pour xAI', q)).toBe(true);
    // millions of something else are no money
    expect(holdsAnswerKind('environ « 600 millions d’utilisateurs actifs mensuels »', q)).toBe(false);
    expect(holdsAnswerKind('disposer de 50 millions de GPU H100', q)).toBe(false);
  });

  it('wants the amount of something the question asks about, when the passage says what it is of', () => {
    const q = shape('number', 'cb musk a paye twitter en 2022', { unit: 'money' });
    const debt =
      'les banques ayant financé l’achat de Twitter par Musk en 2022 ont pu céder la dette de 13 milliards';
    const questionWords = (text: string, words: string[]) => words.map((word) => text.indexOf(word));
    expect(holdsAnswerKind(debt, q, [], questionWords(debt, ['Twitter', 'Musk', '2022']))).toBe(false);
    // the same amount, of a word of the question
    const asked = shape('number', 'Quel était le montant de la dette ?', { unit: 'money' });
    expect(holdsAnswerKind(debt, asked, [], questionWords(debt, ['dette']))).toBe(true);
    // an amount of nothing named, or only sized ("plus de"), is the amount asked
    const raised = 'xAI a levé plus de 20 milliards de dollars';
    expect(holdsAnswerKind(raised, q, [], questionWords(raised, ['xAI']))).toBe(true);
    expect(holdsAnswerKind('il a payé 44 milliards', q, [], [])).toBe(true);
  });

  it('wants a percentage or a duration when that is what is asked', () => {
    const share = shape('number', 'Quel pourcentage détient-il ?', { unit: 'percentage' });
    expect(holdsAnswerKind('ses participations, estimées entre 4 et 5 milliards', share)).toBe(false);
    expect(holdsAnswerKind('il détient 12 % du capital', share)).toBe(true);
    const time = shape('number', 'Combien de temps ?', { unit: 'duration' });
    expect(holdsAnswerKind('200 000 unités en seulement trois mois', time)).toBe(true);
    expect(holdsAnswerKind('200 000 unités', time)).toBe(false);
  });

  it('wants a number right before the counted thing', () => {
    const q = shape('number', 'Combien de GPU ?', { unit: 'count', concepts: [0] });
    const at = (text: string, word: string) => [text.indexOf(word)];
    const counted = (text: string) => holdsAnswerKind(text, q, at(text, 'GPU'));
    expect(counted('Colossus équipé de 200 000 GPU NVIDIA H100')).toBe(true);
    expect(counted('l’équivalent de 50 millions de GPU H100')).toBe(true);
    expect(counted('un avenir où « des milliards de GPU » seraient déployés')).toBe(true);
    // equivalents are counted for a question that asks equivalents
    expect(counted('plus d’un million d’équivalents GPU H100')).toBe(false);
    const equivalents = shape('number', 'How many H100 GPU equivalents?', { unit: 'count', concepts: [0] });
    const text = 'plus d’un million d’équivalents GPU H100';
    expect(holdsAnswerKind(text, equivalents, at(text, 'GPU'))).toBe(true);
    expect(counted('un stock important de GPU pour ses 3 centres')).toBe(false);
    expect(counted('l’achat des GPU')).toBe(false);
    expect(holdsAnswerKind('il y a 3 centres', q, [])).toBe(false);
  });
});

describe('holdsAnswerKind on places', () => {
  it('wants a named place after a preposition, not any capitalised word or acronym', () => {
    const q = shape('where', 'Où se trouve le supercalculateur Colossus ?');
    expect(holdsAnswerKind('Colossus, le supercalculateur déployé dans le Tennessee', q)).toBe(true);
    expect(holdsAnswerKind('un sommet récent à Washington', q)).toBe(true);
    expect(holdsAnswerKind('les plus grands supercalculateurs au monde, avec Colossus I et II', q)).toBe(
      false,
    );
    expect(holdsAnswerKind('qu’il compare aux GPU H100 de Nvidia', q)).toBe(false);
  });

  it('finds a country with its article, or said by its adjective', () => {
    const q = shape('where', 'De quel pays vient le fonds souverain ?');
    expect(holdsAnswerKind('le fonds souverain du Qatar', q)).toBe(true);
    expect(holdsAnswerKind('particulièrement face à la Chine', q)).toBe(true);
    expect(holdsAnswerKind('le géant sud-africain de la technologie', q)).toBe(true);
    expect(holdsAnswerKind('le prince saoudien Alwaleed bin Talal', q)).toBe(true);
    expect(holdsAnswerKind('un fonds souverain investit', q)).toBe(false);
    // the country the question names is no answer
    expect(holdsAnswerKind('le fonds souverain du Qatar', shape('where', 'Le Qatar a-t-il un fonds ?'))).toBe(
      false,
    );
  });

  it('for a city, wants a name after a bare "à": "dans le Tennessee", "en Californie" name no city', () => {
    for (const question of ['Dans quelle ville se trouve Colossus ?', 'In which city is Colossus?']) {
      const q = shape('where', question);
      expect(holdsAnswerKind('Colossus, le supercalculateur déployé dans le Tennessee', q)).toBe(false);
      expect(holdsAnswerKind('un centre en Californie et un autre au Texas', q)).toBe(false);
      expect(holdsAnswerKind('Colossus, installé à Memphis', q)).toBe(true);
    }
  });
});

describe('holdsAnswerKind on comparisons', () => {
  it('wants a quote that compares, not one that only names both things', () => {
    const q = { ...shape('other', 'Does OpenAI have more GPUs than xAI?'), compares: true };
    expect(holdsAnswerKind('des entreprises comme OpenAI s’appuient sur des géants, xAI construit', q)).toBe(
      false,
    );
    expect(holdsAnswerKind('xAI dispose de plus de GPU qu’OpenAI', q)).toBe(true);
    expect(holdsAnswerKind('Colossus dépasse Stargate', q)).toBe(true);
  });
});

describe('holdsAnswerKind on definitions', () => {
  const q: AnswerShape = {
    kind: 'definition',
    text: 'Comment définir l’IA générale ?',
    defines: 'IA générale',
  };

  it('takes a definition of the word the passage uses for the name', () => {
    const passage =
      'un cap vers l’AGI, c’est-à-dire une intelligence artificielle capable d’égaler l’humain.';
    expect(holdsAnswerKind(passage, q)).toBe(false);
    expect(holdsAnswerKind(passage, q, [], [], ['AGI'])).toBe(true);
  });

  it('does not take a name spelled out for a definition of it', () => {
    const passage = 'une étape vers l’intelligence artificielle générale (AGI), dit-il.';
    expect(holdsAnswerKind(passage, q, [], [], ['AGI'])).toBe(false);
  });
});

describe('definesName', () => {
  it.each([
    ['Colossus, le supercalculateur déployé dans le Tennessee', 'colossus'],
    ['De même, Liz Kendall, la secrétaire britannique à la technologie, a condamné', 'Liz Kendall'],
    ['son supercalculateur Colossus équipé de 200 000 GPU', 'Colossus'],
    ['une performance qualifiée par le PDG de NVIDIA, Jensen Huang.', 'jensen huang'],
    ['L’investisseur saoudien Prince Alwaleed bin Talal, second actionnaire', 'alwaleed bin talal'],
    ['dans des véhicules à usage spécial (SPV).', 'spv'],
    ['Grok 5 est déjà annoncé comme une étape vers l’AGI', 'grok 5'],
    ['franchir un cap vers l’AGI, c’est-à-dire une intelligence artificielle capable', 'AGI'],
  ])('finds what the name is: %s', (passage, name) => {
    expect(definesName(passage, name)).toBe(true);
  });

  it.each([
    ['Musk tente de s’imposer comme un rival direct de Mark Zuckerberg, qui a sécurisé', 'mark zuckerberg'],
    ['Grâce à la fusion, X fournira à Grok un flux massif de données', 'x'],
    ['la montée en puissance de la série Grok 4', 'grok'],
    ['La trajectoire tracée par Elon Musk ouvre la voie', 'elon musk'],
  ])('not where the name is only mentioned: %s', (passage, name) => {
    expect(definesName(passage, name)).toBe(false);
  });

  it('tells a name only spelled out from one said what it is', () => {
    expect(
      onlySpellsOut('une étape vers l’intelligence artificielle générale (AGI), la bataille', 'AGI'),
    ).toBe(true);
    expect(
      onlySpellsOut('un cap vers l’AGI, c’est-à-dire une intelligence artificielle capable', 'AGI'),
    ).toBe(false);
    expect(onlySpellsOut('Colossus, le supercalculateur déployé dans le Tennessee', 'Colossus')).toBe(false);
  });
});

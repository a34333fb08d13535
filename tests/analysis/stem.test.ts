import { describe, expect, it } from 'vitest';
import { frenchLightStem } from '../../src/search/analysis/french-light-stemmer.js';
import { createStemmer, stemLight, stemNone, stemSnowball } from '../../src/search/analysis/stem.js';

/** Every example of Lucene's TestFrenchLightStemFilter (from Savoy's paper). */
// biome-ignore format: pairs from Lucene's test, kept compact
const LUCENE_EXAMPLES: ReadonlyArray<readonly [string, string]> = [
  ['chevaux', 'cheval'], ['cheval', 'cheval'], ['hiboux', 'hibou'], ['hibou', 'hibou'],
  ['chantés', 'chant'], ['chanter', 'chant'], ['chante', 'chant'], ['chant', 'chant'],
  ['baronnes', 'baron'], ['barons', 'baron'], ['baron', 'baron'], ['peaux', 'peau'], ['peau', 'peau'],
  ['anneaux', 'aneau'], ['anneau', 'aneau'], ['neveux', 'neveu'], ['neveu', 'neveu'],
  ['affreux', 'afreu'], ['affreuse', 'afreu'], ['investissement', 'investi'], ['investir', 'investi'],
  ['assourdissant', 'asourdi'], ['assourdir', 'asourdi'], ['pratiquement', 'pratiqu'], ['pratique', 'pratiqu'],
  ['administrativement', 'administratif'], ['administratif', 'administratif'],
  ['justificatrice', 'justifi'], ['justificateur', 'justifi'], ['justifier', 'justifi'],
  ['educatrice', 'eduqu'], ['eduquer', 'eduqu'], ['communicateur', 'comuniqu'], ['communiquer', 'comuniqu'],
  ['accompagnatrice', 'acompagn'], ['accompagnateur', 'acompagn'], ['administrateur', 'administr'],
  ['administrer', 'administr'], ['productrice', 'product'], ['producteur', 'product'],
  ['acheteuse', 'achet'], ['acheteur', 'achet'], ['planteur', 'plant'], ['plante', 'plant'],
  ['poreuse', 'poreu'], ['poreux', 'poreu'], ['plieuse', 'plieu'], ['bijoutière', 'bijouti'],
  ['bijoutier', 'bijouti'], ['caissière', 'caisi'], ['caissier', 'caisi'], ['abrasive', 'abrasif'],
  ['abrasif', 'abrasif'], ['folle', 'fou'], ['fou', 'fou'], ['personnelle', 'person'], ['personne', 'person'],
  ['complète', 'complet'], ['complet', 'complet'], ['aromatique', 'aromat'], ['faiblesse', 'faibl'],
  ['faible', 'faibl'], ['patinage', 'patin'], ['patin', 'patin'], ['sonorisation', 'sono'],
  ['ritualisation', 'rituel'], ['rituel', 'rituel'], ['nomination', 'nomin'], ['disposition', 'dispos'],
  ['dispose', 'dispos'], ['1234555', '1234555'], ['12333345', '12333345'], ['1234', '1234'],
  ['abcdeff', 'abcdef'], ['abcccddeef', 'abcdef'], ['créées', 'cre'], ['22hh00', '22h00'], ['', ''],
];

const stemsOf = (stem: (word: string) => string, words: string[]): Set<string> => new Set(words.map(stem));

describe('frenchLightStem (port of Lucene FrenchLightStemmer)', () => {
  it.each(LUCENE_EXAMPLES)('%s → %s', (word, stem) => {
    expect(frenchLightStem(word)).toBe(stem);
  });
});

describe('stemLight', () => {
  it('gives financé, financée, financement, financer, financee (and financera) one stem', () => {
    const stems = stemsOf(stemLight, [
      'financé',
      'financée',
      'financement',
      'financer',
      'financee',
      'financera',
      'financés',
    ]);
    expect(stems).toEqual(new Set(['financ']));
  });

  it('keeps apart business words the stemmer would merge with another: fonds / fondé, prix / pris, vente / vent', () => {
    expect(stemLight('fonds')).not.toBe(stemLight('fondé'));
    expect(stemLight('fondé')).toBe(stemLight('fondateur'));
    expect(stemLight('prix')).not.toBe(stemLight('pris'));
    expect(stemLight('ventes')).toBe(stemLight('vente'));
    expect(stemLight('vente')).not.toBe(stemLight('vents'));
  });

  it('stems a noun in -isation as its verb: valorisation / valorisé, not Valor', () => {
    expect(stemsOf(stemLight, ['valorisation', 'valorisations', 'valoriser', 'valorisé'])).toEqual(
      new Set(['valoris']),
    );
    expect(stemLight('valorisation')).not.toBe(stemLight('Valor'));
    expect(stemLight('utilisation')).toBe(stemLight('utiliser'));
  });

  it('meets words typed without accents: équipé / equipe / équipements', () => {
    expect(stemsOf(stemLight, ['équipé', 'equipe', 'équipés', 'équipements', 'equipement'])).toEqual(
      new Set(['equip']),
    );
    expect(stemLight('supercalculateur')).toBe(stemLight('supercalculateurs'));
    expect(stemLight('supercalculateur')).toBe('supercalcul');
  });

  it('gives a word the same stem with or without its accents (-ière, -ième, -éré)', () => {
    for (const [accented, plain] of [
      ['financière', 'financiere'],
      ['deuxième', 'deuxieme'],
      ['considéré', 'considere'],
      ['complète', 'complete'],
      ['cœur', 'coeur'],
      ['élément', 'element'],
      ['accélérera', 'accelerera'],
    ]) {
      expect(stemLight(accented as string)).toBe(stemLight(plain as string));
    }
    expect(stemLight('financière')).toBe(stemLight('financier'));
    expect(stemLight('considéré')).toBe(stemLight('considérer'));
  });

  it('brings the future and conditional of -er verbs back to the infinitive', () => {
    expect(stemsOf(stemLight, ['financera', 'financeront', 'financerait', 'financeraient'])).toEqual(
      new Set(['financ']),
    );
    expect(stemLight('achèteraient')).toBe(stemLight('acheteur'));
    expect(stemLight('testera')).toBe(stemLight('tester'));
    expect(stemLight('accélérera')).toBe(stemLight('accélérer'));
  });

  it('does not read -era words that are not verbs as a future', () => {
    expect(stemLight('caméra')).not.toBe(stemLight('camer'));
    expect(stemLight('opéra')).toBe('opera');
  });

  it('keeps apart seed words that only look alike', () => {
    expect(stemLight('financier')).not.toBe(stemLight('financement'));
    expect(stemLight('puce')).not.toBe(stemLight('puissance'));
    expect(stemLight('modèle')).not.toBe(stemLight('modeste'));
  });

  it('never stems a token with a digit, only folds it', () => {
    for (const token of ['h100', '200000', '1.5', 'grok3', '22h00', '1er'])
      expect(stemLight(token)).toBe(token);
    expect(stemLight('2ème')).toBe('2eme');
  });

  it('returns terms without accents', () => {
    expect(stemLight('été')).toBe('ete');
    expect(stemLight('états')).toBe('etat');
  });
});

describe('stemSnowball (@orama/stemmers, Snowball French)', () => {
  it('conflates the financ- family too', () => {
    expect(stemsOf(stemSnowball, ['financé', 'financée', 'financement', 'financer', 'financera'])).toEqual(
      new Set(['financ']),
    );
  });

  it('stems more aggressively than the light stemmer', () => {
    expect(stemSnowball('intelligence')).toBe('intelligent');
    expect(stemLight('intelligence')).not.toBe(stemLight('intelligent'));
  });

  it('folds accents and leaves digit tokens alone', () => {
    expect(stemSnowball('équipé')).toBe('equip');
    expect(stemSnowball('h100')).toBe('h100');
  });
});

describe('stemNone and createStemmer', () => {
  it('stemNone only folds', () => {
    expect(stemNone('financement')).toBe('financement');
    expect(stemNone('équipé')).toBe('equipe');
  });

  it('createStemmer returns the named stemmer, cached, even past a full cache', () => {
    const light = createStemmer('light', 2);
    const words = ['financement', 'équipé', 'chevaux', 'financement', 'h100', 'chevaux'];
    expect(words.map(light)).toEqual(words.map(stemLight));
    expect(createStemmer('snowball')('intelligence')).toBe('intelligent');
    expect(createStemmer('none')('équipés')).toBe('equipes');
  });
});

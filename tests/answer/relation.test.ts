import { describe, expect, it } from 'vitest';
import {
  askedDesignations,
  askedOwners,
  designatesAnother,
  designationWord,
  namesAmongOthers,
  saysOfAnotherName,
  typedDesignations,
  type WordAt,
} from '../../src/answer/relation.js';

/** Where `word` is in `text` (first occurrence), as concept 0. */
const at = (text: string, word: string): WordAt => {
  const start = text.indexOf(word);
  return { concept: 0, start, end: start + word.length };
};
const whole = (text: string) => ({ start: 0, end: text.length });

describe('askedOwners', () => {
  it('finds the name a word of the question belongs to, in French and English', () => {
    const fr = 'Qui est le PDG de xAI ?';
    expect(askedOwners(fr, [at(fr, 'PDG')])).toEqual(new Map([[0, 'xai']]));
    const of = 'Who is the CEO of Tesla?';
    expect(askedOwners(of, [at(of, 'CEO')])).toEqual(new Map([[0, 'tesla']]));
    const possessive = 'Who is xAI’s CEO?';
    expect(askedOwners(possessive, [at(possessive, 'CEO')])).toEqual(new Map([[0, 'xai']]));
  });

  it('takes no article, possessive or question word for a name', () => {
    for (const question of [
      'le boss de quelle boîte',
      'le PDG de son entreprise',
      'the CEO of the',
      'le fonds de kel pays',
    ]) {
      const word = question.split(' ')[1] ?? '';
      expect(askedOwners(question, [at(question, word)]).size, question).toBe(0);
    }
  });
});

describe('saysOfAnotherName', () => {
  const owners = new Map([[0, 'xai']]);

  it('catches the same word said of another name', () => {
    const text = 'une performance qualifiée de « superhumaine » par le PDG de NVIDIA, Jensen Huang.';
    expect(saysOfAnotherName(text, whole(text), [at(text, 'PDG')], owners)).toBe(true);
  });

  it('lets through the same name, a common noun, an acronym, and a quote naming both', () => {
    for (const text of [
      'Elon Musk, PDG de xAI, a parlé.',
      'le PDG de l’entreprise a parlé.',
      'les plus grands supercalculateurs d’IA au monde',
      'xAI et le PDG de NVIDIA ont signé.',
    ]) {
      const word = text.includes('PDG') ? 'PDG' : 'supercalculateurs';
      expect(saysOfAnotherName(text, whole(text), [at(text, word)], owners), text).toBe(false);
    }
  });

  it('takes the question’s name typed a letter off for the same name, but not a short one', () => {
    const text = 'les sept banques ayant financé l’achat de Twitter par Musk';
    expect(saysOfAnotherName(text, whole(text), [at(text, 'achat')], new Map([[0, 'twiter']]))).toBe(false);
    const meta = 'le rachat de Beta par la holding';
    expect(saysOfAnotherName(meta, whole(meta), [at(meta, 'rachat')], new Map([[0, 'meta']]))).toBe(true);
  });
});

describe('designatesAnother', () => {
  it('reads the designator of a series in the question: a letter, a roman numeral, a number after a name', () => {
    expect(askedDesignations('How much did xAI raise in its Series D?')).toEqual([
      { word: 'serie', designator: 'D' },
    ]);
    expect(askedDesignations('Où est Colossus II ?')).toEqual([{ word: 'colossu', designator: 'II' }]);
    expect(askedDesignations('Quand Grok 4 sort-il ?')).toEqual([{ word: 'grok', designator: '4' }]);
    expect(askedDesignations('la fusion avec X et les 12 milliards')).toEqual([]);
  });

  it('catches another member of the same series, unless the question’s is there too', () => {
    const seriesD = askedDesignations('How much did xAI raise in its Series D?');
    expect(designatesAnother('xAI a clôturé un Financement Séries A E', seriesD)).toBe(true);
    expect(designatesAnother('xAI a levé 20 milliards', seriesD)).toBe(false);
    const colossus2 = askedDesignations('Où est Colossus II ?');
    expect(designatesAnother('ses centres Colossus I et II', colossus2)).toBe(false);
    const grok4 = askedDesignations('Quand Grok 4 sort-il ?');
    expect(designatesAnother('Grok 5 est déjà annoncé', grok4)).toBe(true);
  });

  it('reads a name and its number typed in lower case, and never finds "5" inside "2.5"', () => {
    expect(askedDesignations('how many gpus will grok 5 be trained on')).toEqual([]);
    const grok5 = typedDesignations('how many gpus will grok 5 be trained on');
    expect(grok5).toEqual([{ word: 'grok', designator: '5' }]);
    expect(grok5[0]?.word).toBe(designationWord('Grok'));
    expect(designatesAnother('son modèle Grok 2.5, sur cinq ans', grok5)).toBe(true);
    expect(designatesAnother('Grok 5 est déjà annoncé', grok5)).toBe(false);
    expect(typedDesignations('xai a plus de 20 milliards, les 12 milliards de nvidia')).toEqual([]);
  });
});

describe('namesAmongOthers', () => {
  const spans = (text: string) => namesAmongOthers(text).map(({ start, end }) => text.slice(start, end));

  it('finds names given as examples, in French and English', () => {
    expect(spans('Des entreprises comme OpenAI, Anthropic ou Cohere louent des GPU.')).toEqual([
      'comme OpenAI, Anthropic ou Cohere',
    ]);
    expect(spans('Rivals such as Meta and Google buy chips.')).toEqual(['such as Meta and Google']);
    expect(spans('Des acteurs tels que Mark Zuckerberg et Sam Altman investissent.')).toEqual([
      'tels que Mark Zuckerberg et Sam Altman',
    ]);
  });

  it('finds a list of three names or more without an introducing word', () => {
    expect(spans('Meta, Microsoft et Google investissent.')).toEqual(['Meta, Microsoft et Google']);
  });

  it('leaves alone two names joined by "et", and a name alone', () => {
    expect(spans('Musk et Huang ont parlé de Colossus.')).toEqual([]);
    expect(spans('La société Zephyr construit ses serveurs.')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { buildVerbForms, frenchVerbForms } from '../../src/search/lexicon/verbs.js';

const six = (stem: string, endings: string[]) => endings.map((ending) => stem + ending);

describe('buildVerbForms', () => {
  const verbs = buildVerbForms({
    rejoindre: {
      P: six('rejoi', ['ns', 'ns', 'nt', 'gnons', 'gnez', 'gnent']),
      K: ['rejoint', 'rejoints', 'rejointe', 'rejointes'],
      W: ['rejoindre'],
    },
    partir: { P: six('par', ['s', 's', 't', 'tons', 'tez', 'tent']), K: ['parti'], W: ['partir'] },
    avoir: { P: ['ai', 'as', 'a', 'avons', 'avez', 'ont'], W: ['avoir'] },
  });

  it('gives every third-person form, participle and infinitive of the verb', () => {
    expect(verbs.familyOf('rejoint')).toEqual(
      expect.arrayContaining(['rejoint', 'rejoignent', 'rejointe', 'rejoindre']),
    );
    expect(verbs.familyOf('rejoignent')).toEqual(verbs.familyOf('rejoindre'));
  });

  it('leaves out first and second persons, which are mostly other words', () => {
    expect(verbs.familyOf('rejoint')).not.toContain('rejoins');
    expect(verbs.familyOf('rejoins')).toEqual([]);
  });

  it('finds a form typed without its accents or in capitals', () => {
    expect(verbs.familyOf('REJOINT')).toContain('rejoindre');
  });

  it('knows nothing of homographs of nouns, nor of "avoir" and "être"', () => {
    expect(verbs.familyOf('part')).toEqual([]);
    expect(verbs.familyOf('partent')).not.toContain('part');
    expect(verbs.familyOf('ont')).toEqual([]);
  });
});

describe('frenchVerbForms (the Lefff)', () => {
  const verbs = frenchVerbForms();

  it('joins irregular forms the light stemmer keeps apart', () => {
    expect(verbs.familyOf('menait')).toContain('mène');
    expect(verbs.familyOf('detiennent')).toContain('détenir');
    expect(verbs.familyOf('atteignait')).toContain('atteint');
    expect(verbs.familyOf('vaut')).toContain('valent');
  });

  it('leaves nouns that look like participles alone', () => {
    expect(verbs.familyOf('entreprise')).toEqual([]);
    expect(verbs.familyOf('partie')).toEqual([]);
    expect(verbs.familyOf('pensées')).toEqual([]);
    // "le but" is no form of "boire", nor "les données" of "donner", nor "le marché" of "marcher"
    expect(verbs.familyOf('but')).toEqual([]);
    expect(verbs.familyOf('données')).toEqual([]);
    expect(verbs.familyOf('donnent')).not.toContain('données');
    expect(verbs.familyOf('marché')).toEqual([]);
    expect(verbs.familyOf('voie')).toEqual([]);
  });
});

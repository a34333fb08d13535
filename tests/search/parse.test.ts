import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { createAnalyzer } from '../../src/search/analysis/analyzer.js';
import { englishLexicon } from '../../src/search/lexicon/index.js';
import { ParagraphIndex } from '../../src/search/paragraph-index.js';
import { parseQuestion } from '../../src/search/query/parse.js';

const analyzer = createAnalyzer();
let index: ParagraphIndex;

beforeAll(async () => {
  index = ParagraphIndex.build((await loadCorpus('seeds')).corpus, analyzer);
});

const parse = (question: string) => parseQuestion(question, analyzer, englishLexicon, index);
const alternativesOf = (question: string) => parse(question).concepts.map((c) => [...c.alternatives.keys()]);
/** How much a word of the question weighs (1 for content, less for framing). */
const importance = (question: string, surface: string) =>
  parse(question).concepts.find((c) => c.surface === surface)?.importance;

describe('parseQuestion', () => {
  it('makes one concept per French content word, framing words weighing less', () => {
    const { concepts, kind, english } = parse('Selon l’article, combien de GPU équipent Colossus ?');
    expect(english).toBe(false);
    expect(kind).toBe('number');
    expect(concepts.map((c) => c.surface)).toEqual(['Selon', 'article', 'GPU', 'équipent', 'Colossus']);
    expect(concepts.find((c) => c.surface === 'article')?.importance).toBeLessThan(1);
    expect(concepts.find((c) => c.surface === 'GPU')?.importance).toBe(1);
  });

  it('takes the kind of place, date or time asked for as framing ("quel pays", "which day of the week", "quelle durée")', () => {
    expect(importance('In which country is the sovereign fund based?', 'country')).toBeLessThan(1);
    expect(importance('Which country is the project framed as competing against?', 'country')).toBeLessThan(
      1,
    );
    expect(importance('Combien de pays ont signé ?', 'pays')).toBe(1);
    expect(importance('On which day of the week did xAI announce it?', 'week')).toBeLessThan(1);
    expect(importance('Sur quelle durée Musk compte-t-il atteindre son objectif ?', 'durée')).toBeLessThan(1);
  });

  it('takes a light verb for framing in every form, not only in the forms listed', () => {
    expect(importance('Que feraient les structures ad hoc des processeurs ?', 'feraient')).toBeLessThan(1);
    expect(importance('Quelles données X fournira-t-il à Grok ?', 'données')).toBe(1);
  });

  it('takes English "which company / firm" for the kind of name asked, not for a word to find', () => {
    expect(
      importance('Besides Nvidia, which company joined as a strategic investor?', 'company'),
    ).toBeLessThan(1);
    expect(importance('Which two companies came in as strategic investors?', 'companies')).toBeLessThan(1);
    // the French words are the articles' own
    expect(importance('Quelle entreprise fabrique les turbines ?', 'entreprise')).toBe(1);
  });

  it('reads a French elision whose apostrophe chat dropped, but never splits an English word', () => {
    expect(parse('lia d anthropic elle sappelle comment').concepts.map((c) => c.surface)).toEqual([
      'IA',
      'anthropic',
      'appelle',
    ]);
    expect(parse('Did the den of lions buy chips?').concepts.map((c) => c.surface)).toContain('den');
  });

  it('gives English words their French translations as alternatives', () => {
    const { english, concepts } = parse('What valuation was attributed to X in its merger with xAI?');
    expect(english).toBe(true);
    const valuation = concepts.find((concept) => concept.surface === 'valuation');
    expect([...(valuation?.alternatives.keys() ?? [])]).toEqual(
      expect.arrayContaining(analyzer.terms('valorisation')),
    );
  });

  it('turns an English expression translated by several words into one concept per French word', () => {
    const concepts = parse('Who was the chief operating officer of xAI?').concepts;
    expect(concepts.map((c) => [...c.alternatives.keys()][0])).toEqual(['direct', 'oper', 'xai']);
    expect(concepts[0]?.alternatives.has('oper')).toBe(false);
  });

  it('lets every word of an expression the thesaurus knows be found by the expression’s synonyms', () => {
    const [director, financial, xai] = parse('Who is the chief financial officer of xAI?').concepts;
    // each word still has to be found: "financier" alone does not answer for a CFO
    expect(director?.alternatives.has('direct')).toBe(true);
    expect(director?.alternatives.has('financi')).toBe(false);
    expect(financial?.alternatives.has('cfo')).toBe(true);
    expect([...(xai?.alternatives.keys() ?? [])]).toEqual(['xai']);
    const [robot, discussion] = parse('Quel robot de discussion Musk a-t-il ?').concepts;
    expect(robot?.surface).toBe('robot');
    expect(robot?.alternatives.has('chatbot')).toBe(true);
    expect(discussion?.alternatives.has('chatbot')).toBe(true);
    expect(discussion?.alternatives.has('robot')).toBe(false);
  });

  it('leaves the grammar of "en train de" and of "quels éléments" out of the content words', () => {
    const concepts = parse('De quels éléments se compose ce que Musk est en train de bâtir ?').concepts;
    expect(concepts.map((c) => c.surface)).not.toContain('train');
    const framed = parse(
      'Outre le calcul, d’après l’article, quel jour la fusion a-t-elle eu lieu ?',
    ).concepts;
    expect(framed.map((c) => c.surface)).toEqual(['calcul', 'article', 'fusion', 'lieu']);
    expect(parse('Outre le calcul, quel jour la fusion a-t-elle eu lieu ?').kind).toBe('when');
    const chat = parse('a part le calcul au final la fusion met en commun koi').concepts;
    expect(chat.map((c) => c.surface)).toEqual(['calcul', 'fusion', 'met', 'commun']);
    const viewpoint = parse('Comment est décrit Grok 5 du point de vue de ses capacités ?').concepts;
    expect(viewpoint.map((c) => c.surface)).not.toContain('point');
    const facing = parse('Vis-à-vis de quel pays le projet est-il une affirmation ?').concepts;
    expect(facing.map((c) => c.surface)).not.toContain('Vis');
    expect(concepts.find((c) => c.surface === 'éléments')?.importance).toBeLessThan(1);
    expect(concepts.find((c) => c.surface === 'bâtir')?.importance).toBe(1);
    const english = parse('Which kinds of models does xAI train?').concepts;
    expect(english.find((c) => c.surface === 'kinds')?.importance).toBeLessThan(1);
    expect(english.find((c) => c.surface === 'train')?.importance).toBe(1);
  });

  it('keeps an English number in digit groups whole, as the articles are indexed ("100k" is 100000)', () => {
    const concepts = parse('How long did it take to go from 100k to 200k chips?').concepts;
    expect(concepts.map((c) => [...c.alternatives.keys()][0])).toEqual(
      expect.arrayContaining(['100000', '200000']),
    );
    expect(concepts.find((c) => c.surface === 'go')?.importance).toBeLessThan(1);
    // English writes the groups with commas
    const commas = parse('How long did it take to install the first 100,000 chips?').concepts;
    expect(commas.map((c) => [...c.alternatives.keys()][0])).toContain('100000');
  });

  it("guesses an English word's relatives among its translations', not among French words that start alike", () => {
    const company = parse('Which company joined the round?').concepts.find((c) => c.surface === 'company');
    const terms = [...(company?.alternatives.keys() ?? [])];
    expect(terms).toContain('company');
    expect(terms).toContain(analyzer.terms('entreprise')[0]);
    // "comparable" starts like "company" in the French index: no relative of it
    expect(terms.filter((term) => term.startsWith('compar'))).toEqual([]);
  });

  it("adds the forms of an English verb's French infinitive, and of no noun", () => {
    const alternatives = (question: string, surface: string) => [
      ...(parse(question)
        .concepts.find((c) => c.surface === surface)
        ?.alternatives.keys() ?? []),
    ];
    expect(alternatives('Who joined the round?', 'joined')).toContain('rejoint');
    // "stand out" is "se démarquer", "se distinguer" or "se différencier", in any of their forms
    const standOut = alternatives('How does xAI stand out?', 'stand out');
    expect(standOut).toEqual(expect.arrayContaining(['demarqu', 'distingu', 'diferenci']));
    expect(standOut).toContain(analyzer.terms('démarque')[0]);
    // a reflexive verb is conjugated as the verb is: "rely" is "s'appuyer", written "s'appuie"
    expect(alternatives('What does Grok rely on?', 'rely')).toContain(analyzer.terms('appuie')[0]);
    // news English: Grok was "slammed" (fustigé), Anthropic "pushes forward" (fait progresser) its AI
    expect(alternatives('What did Grok get slammed for?', 'slammed')).toContain(analyzer.terms('fustigé')[0]);
    expect(alternatives('Which AI is Anthropic pushing forward?', 'pushing forward').join(' ')).toContain(
      analyzer.terms('progresser')[0],
    );
    // "goal" is "but", which is also a form of "boire": not "buvait"
    expect(alternatives("What is xAI's goal?", 'goal')).not.toContain('buvait');
  });

  it('knows which concept\'s name a "comment s\'appelle" question asks', () => {
    const named = (question: string) => {
      const parsed = parse(question);
      return parsed.naming === undefined ? undefined : parsed.concepts[parsed.naming]?.surface;
    };
    expect(named('Comment s’appelle le régulateur britannique ?')).toBe('régulateur');
    expect(named('What is the name of the rule the EU could use?')).toBe('rule');
    // English puts the head last, after the owner
    expect(named("what's the name of openai's giant datacenter program they mention")).toBe('program');
    expect(named("What's the name of Anthropic's AI?")).toBe('AI');
    expect(named('whats googles ai called in the article')).toBe('ai');
    expect(named('les centres de calcul de xai s apellent comment')).toBe('centres');
    expect(parse('les centres de calcul de xai s apellent comment').kind).toBe('who');
    expect(named('Qui a fondé xAI ?')).toBeUndefined();
  });

  it('meets the other forms of the verb a phrasal verb translates to: "came in" finds "ont rejoint"', () => {
    const cameIn = parse('Which companies came in as strategic investors?').concepts.find(
      (concept) => concept.surface === 'came in',
    );
    expect([...(cameIn?.alternatives.keys() ?? [])]).toEqual(expect.arrayContaining(['rejoindr', 'rejoint']));
    // and so does an expression that opens on a verb: "poser les bases" is written "pose les bases"
    const laying = parse('Musk is laying the foundations of an ecosystem').concepts.find(
      (concept) => concept.surface === 'laying the foundations',
    );
    expect([...(laying?.alternatives.keys() ?? [])]).toContain('pose');
  });

  it('drops English contractions typed without their apostrophe', () => {
    const surfaces = parse('why didnt xai say whats the gpu count, u know').concepts.map((c) => c.surface);
    expect(surfaces).not.toContain('didnt');
    expect(surfaces).not.toContain('whats');
    expect(surfaces).not.toContain('u');
    expect(surfaces).toContain('gpu');
  });

  it('treats degree adverbs as framing: "bcp de gpu" asks about the GPUs', () => {
    expect(importance('ki achete bcp de gpu', 'beaucoup')).toBeLessThan(1);
    expect(importance('ki achete bcp de gpu', 'achete')).toBe(1);
    expect(importance('Qui achète très vite des GPU ?', 'très')).toBeLessThan(1);
  });

  it('treats relatives, some prepositions and chat fillers as framing: "niveau risque", "a ton of"', () => {
    expect(importance('c koi la nouvelle generation de gpu dont la demande explose', 'dont')).toBeLessThan(1);
    expect(importance('les spv ca sert a koi pr xai, niveau risque', 'niveau')).toBeLessThan(1);
    expect(importance('les spv ca sert a koi pr xai, niveau risque', 'risque')).toBe(1);
    expect(importance('which nvidia cards is valor trying to get a ton of', 'ton')).toBeLessThan(1);
    expect(importance('which country is it mainly aimed at', 'mainly')).toBeLessThan(1);
    expect(importance('cb de dette les banques ont reussi a revendre', 'reussi')).toBeLessThan(1);
    expect(importance('combien de temps a-t-il fallu pour construire colossus', 'fallu')).toBeLessThan(1);
    expect(importance('spacex a file combien a xai', 'file')).toBeLessThan(1);
    expect(importance('spacex a file combien a xai', 'spacex')).toBe(1);
    expect(importance('In which city was the summit where Huang spoke?', 'spoke')).toBeLessThan(1);
  });

  it('drops English adverbs of degree and time, and keeps "own" where it is the verb', () => {
    const surfaces = (question: string) => parse(question).concepts.map((c) => c.surface);
    expect(surfaces('Why is the risk still high even though the sector is growing?')).not.toContain('even');
    expect(surfaces('What does xAI aim to own more of?')).toContain('own');
    expect(surfaces('Besides building his own data centers, what does Musk design?')).not.toContain('own');
    // grammar, not what the question is about
    expect(surfaces('What do you need in order to produce AI?')).not.toContain('order');
    expect(surfaces('Which order did xAI place?')).toContain('order');
    expect(surfaces('how long did it take to build colossus')).not.toContain('take');
    // chat: "ya cb de gpu dedans" asks about the GPUs; "les noms des supercalculateurs" about them
    expect(importance('colossus ya cb de gpu dedans', 'dedans')).toBeLessThan(1);
    expect(importance('c koi les noms des supercalculateurs de xai', 'noms')).toBeLessThan(1);
  });

  it('reads the verb that takes the time of a duration question as its frame, not as a word to find', () => {
    const question = 'ça a pris combien de temps pour installer les premiers GPU ?';
    expect(importance(question, 'pris')).toBeLessThan(1);
    expect(importance(question, 'installer')).toBe(1);
    expect(importance('il a fallu combien de temps pour construire Colossus', 'construire')).toBe(1);
    // not a duration: "pris" is what the question is about
    expect(importance('qui a pris la tête de xAI ?', 'pris')).toBe(1);
  });

  it('counts synonyms of an English word’s first translations as found, not those of a guessed spelling', () => {
    const [competitor] = parse('Which competitor does xAI fear?').concepts;
    expect(competitor?.alternatives.get('concurent')).toBe(0.85);
    expect(competitor?.alternatives.get('rival')).toBeGreaterThanOrEqual(0.5);
    const [buildout] = parse('What does the buildout cost?').concepts;
    for (const [term, weight] of buildout?.alternatives ?? []) {
      if (weight < 0.85) expect(weight, term).toBeLessThan(0.5);
    }
  });

  it('guesses typos and word families from the words of the articles', () => {
    const [founded] = alternativesOf('fondé');
    expect(founded).not.toContain('fonds');
    const [colossus] = alternativesOf('colosus');
    expect(colossus).toEqual(expect.arrayContaining(['colosu']));
    const [equip] = alternativesOf('équipent');
    expect(equip).toEqual(expect.arrayContaining(['equip']));
    // "inter" is a prefix, not a root: "intérêt" typed without accents is no relative of "intervient"
    const [interest] = alternativesOf('interet');
    expect(interest).not.toContain('intervient');
  });

  it('expands chat spellings before analysis', () => {
    const { kind, measure } = parse('nb de gpu ds colossus');
    expect(kind).toBe('number');
    expect(measure).toEqual({ unit: 'count', concepts: [1] });
    expect(parse('grok c koi')).toMatchObject({ kind: 'definition', defines: 'grok' });
  });

  it('reads "combien vaut X" as asking its valuation', () => {
    const vaut = parse('xai vaut cb').concepts.find((concept) => concept.surface === 'vaut');
    expect([...(vaut?.alternatives.keys() ?? [])]).toContain('valoris');
  });
});

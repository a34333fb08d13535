import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/corpus/parse.js';
import { Engine } from '../../src/engine/engine.js';
import { findScopeClause, type ScopeClause, withoutClause } from '../../src/search/query/scope.js';

/** The clause of a question that has one. */
function clauseOf(question: string): ScopeClause {
  const clause = findScopeClause(question);
  if (clause === undefined) throw new Error(`no clause in ${question}`);
  return clause;
}

describe('the clause naming the article a question is about', () => {
  it.each([
    ['Dans l’article sur la fusion X/xAI, combien de banques ?', 'la fusion X/xAI'],
    ["D'après l'article consacré à la levée de fonds, qui a investi ?", 'levée de fonds'],
    ['Selon le papier qui parle de Colossus, combien de GPU ?', 'Colossus'],
    ['Dans l’article Technext sur la série E, quel jour ?', 'la série E'],
    ['ds l article sur colossus cb de gpu ?', 'colossus'],
    [
      'In the article about Musk’s GPU ambitions, which model is Google continuing with?',
      'Musk’s GPU ambitions',
    ],
    [
      'According to the article on the X and xAI merger, which Grok version was launched?',
      'the X and xAI merger',
    ],
    [
      'In the piece saying AI is played on infrastructure, where is Grok deployed?',
      'AI is played on infrastructure',
    ],
    ['In the Colossus article, how many GPUs?', 'Colossus'],
    [
      'D’après l’article « Levée de 20 milliards chez xAI : l’IA se joue », qui ?',
      'Levée de 20 milliards chez xAI : l’IA se joue',
    ],
  ])('%s → %s', (question, about) => {
    expect(findScopeClause(question)?.about).toBe(about);
  });

  it('ends at the question word when no comma closes it, and keeps a question mark at the end', () => {
    const opening = 'Dans l’article sur Colossus combien de GPU ?';
    const clause = clauseOf(opening);
    expect(clause.about).toBe('Colossus');
    expect(withoutClause(opening, clause).trim()).toBe('combien de GPU ?');
    const trailing = 'Which model is Google continuing with in the article about Musk’s ambitions?';
    const end = clauseOf(trailing);
    expect(end.about).toBe('Musk’s ambitions');
    expect(withoutClause(trailing, end).replace(/\s+/g, ' ')).toBe('Which model is Google continuing with ?');
  });

  it('blanks the clause out without moving the rest of the question', () => {
    const question = 'Dans l’article sur la fusion, combien ?';
    const blanked = withoutClause(question, clauseOf(question));
    expect(blanked).toHaveLength(question.length);
    expect(blanked.indexOf('combien')).toBe(question.indexOf('combien'));
  });

  it.each([
    'Combien de GPU équipent Colossus ?',
    'Quel article de loi est cité ?',
    'Which article of the AI Act applies?',
  ])('finds none in "%s"', (question) => {
    expect(findScopeClause(question)).toBeUndefined();
  });
});

/** Two articles giving different weights for the robot, and one about something else. */
const engine = Engine.build({
  articles: [
    parseArticle(
      'salon.txt',
      'Lumen expose son robot au salon de Lyon\n\nLe robot de Lumen pèse 80 kilos selon la fiche du salon de Lyon.\n',
    ),
    parseArticle(
      'usine.txt',
      'Lumen ouvre une usine à Grenoble\n\nLa nouvelle usine de Grenoble produira mille robots par an.\n\nLe robot de Lumen pèse 95 kilos dans sa version d’usine.\n',
    ),
    parseArticle('jazz.txt', 'Un festival de jazz\n\nLe festival de jazz accueille des musiciens du pays.\n'),
  ],
});

describe('a question that names its article', () => {
  it('is answered from that article only', () => {
    const fromFactory = engine.ask(
      'Dans l’article sur l’usine de Grenoble, combien pèse le robot de Lumen ?',
    );
    expect(fromFactory.answered).toBe(true);
    expect(fromFactory.answers.map((answer) => answer.file)).toEqual(['usine.txt']);
    expect(fromFactory.answers[0]?.quote).toContain('95 kilos');
    const fromFair = engine.ask('In the article about the Lyon fair, how much does the Lumen robot weigh?');
    expect(fromFair.answers.map((answer) => answer.file)).toEqual(['salon.txt']);
  });

  it('keeps the question as asked in the result', () => {
    const question = 'Dans l’article sur l’usine de Grenoble, combien pèse le robot de Lumen ?';
    expect(engine.ask(question).question).toBe(question);
  });

  it('declines when the named article does not say it, rather than answer from another', () => {
    expect(engine.ask('Combien de robots produira l’usine de Grenoble ?').answered).toBe(true);
    const result = engine.ask(
      'Dans l’article sur le festival de jazz, combien de robots produira l’usine de Grenoble ?',
    );
    expect(result.answered).toBe(false);
  });

  it('is read whole when no article fits the clause', () => {
    const unnamed = engine.ask('Combien pèse le robot de Lumen ?');
    const unknownArticle = engine.ask(
      'Dans l’article sur la Bourse de Tokyo, combien pèse le robot de Lumen ?',
    );
    expect(unknownArticle.answered).toBe(unnamed.answered);
  });
});

import { describe, expect, it } from 'vitest';
import {
  buildStopWordSet,
  DEFAULT_STOP_WORDS,
  ENGLISH_STOP_WORDS,
  FRENCH_QUESTION_WORDS,
  isStopWord,
  removeStopWords,
  SNOWBALL_FRENCH_STOP_WORDS,
} from '../../src/search/analysis/stopwords.js';
import type { Token } from '../../src/search/analysis/tokenize.js';

const NUMBER_WORDS = [
  'un',
  'deux',
  'trois',
  'dix',
  'cent',
  'cents',
  'mille',
  'million',
  'milliard',
  'premier',
  'premiers',
];

describe('stop words', () => {
  it('has the Snowball French list, without duplicates', () => {
    expect(SNOWBALL_FRENCH_STOP_WORDS.length).toBe(156);
    expect(new Set(SNOWBALL_FRENCH_STOP_WORDS).size).toBe(SNOWBALL_FRENCH_STOP_WORDS.length);
    for (const word of [
      'le',
      'la',
      'les',
      'de',
      'des',
      'du',
      'et',
      'à',
      'dans',
      'sont',
      'était',
      'ont',
      'cette',
    ]) {
      expect(SNOWBALL_FRENCH_STOP_WORDS).toContain(word);
    }
  });

  it('keeps number words, which answer "combien", except the article "un"', () => {
    for (const word of NUMBER_WORDS.filter((w) => w !== 'un')) expect(isStopWord(word)).toBe(false);
  });

  it('keeps the homonyms Snowball keeps: son, sommes, avions', () => {
    for (const word of ['son', 'sommes', 'avions', 'aura']) expect(isStopWord(word)).toBe(false);
  });

  it('drops the auxiliary "été", typed with or without its accents', () => {
    for (const word of ['été', 'ete', 'étés']) expect(isStopWord(word)).toBe(true);
  });

  it('has French question words, est-ce included', () => {
    for (const word of [
      'combien',
      'pourquoi',
      'comment',
      'quand',
      'quoi',
      'où',
      'quel',
      'quelles',
      'lequel',
      'est',
    ]) {
      expect(FRENCH_QUESTION_WORDS).toContain(word);
      expect(isStopWord(word)).toBe(true);
    }
  });

  it('has English function and question words, but not French content homonyms', () => {
    for (const word of [
      'what',
      'which',
      'who',
      'why',
      'how',
      'when',
      'where',
      'does',
      'did',
      'the',
      'is',
      'are',
      'of',
    ]) {
      expect(ENGLISH_STOP_WORDS).toContain(word);
    }
    for (const word of ['an', 'but', 'or', 'us', 'may']) expect(isStopWord(word)).toBe(false);
  });

  it('also matches the words typed without accents', () => {
    for (const word of ['a', 'meme', 'etait', 'ou', 'etes']) expect(DEFAULT_STOP_WORDS.has(word)).toBe(true);
  });

  it('lets each list be switched off', () => {
    const noEnglish = buildStopWordSet({ english: false });
    expect(noEnglish.has('the')).toBe(false);
    expect(noEnglish.has('les')).toBe(true);
    const noQuestions = buildStopWordSet({ questions: false });
    expect(noQuestions.has('combien')).toBe(false);
    expect(noQuestions.has('quel')).toBe(true); // also in the Snowball list
    const questionsOnly = buildStopWordSet({ french: false, english: false });
    expect(questionsOnly.has('combien')).toBe(true);
    expect(questionsOnly.has('les')).toBe(false);
  });

  it('removes stop-word tokens and keeps the others in order', () => {
    const tokens: Token[] = ['combien', 'de', 'gpu', 'the', 'équipent', 'colossus'].map((text, i) => ({
      text,
      start: i,
      end: i + 1,
    }));
    expect(removeStopWords(tokens).map((t) => t.text)).toEqual(['gpu', 'équipent', 'colossus']);
    expect(removeStopWords(tokens, new Set()).length).toBe(6);
  });
});

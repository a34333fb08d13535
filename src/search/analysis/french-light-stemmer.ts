/**
 * Jacques Savoy's light French stemmer ("UniNE"), ported from Lucene's
 * FrenchLightStemmer (Apache License 2.0), which is itself based on
 * Savoy's code at members.unine.ch/jacques.savoy/clef/ :
 *
 *   Copyright (c) 2005, Jacques Savoy. All rights reserved.
 *   Redistribution and use in source and binary forms, with or without
 *   modification, are permitted provided that the following conditions are
 *   met: Redistributions of source code must retain the above copyright
 *   notice, this list of conditions and the following disclaimer.
 *   Redistributions in binary form must reproduce the above copyright notice,
 *   this list of conditions and the following disclaimer in the documentation
 *   and/or other materials provided with the distribution. Neither the name of
 *   the author nor the names of its contributors may be used to endorse or
 *   promote products derived from this software without specific prior
 *   written permission. THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND
 *   CONTRIBUTORS "AS IS" AND ANY EXPRESS OR IMPLIED WARRANTIES ARE DISCLAIMED.
 *
 * The port is deliberately literal (a char buffer `s` and a length `len`, rule
 * by rule in the same order) so it can be checked against the original; see
 * "Light Stemming Approaches for the French, Portuguese, German and Hungarian
 * Languages" (Savoy, 2006). Input: one lower-case word.
 */

const LETTER = /\p{L}/u;

/** Java's Character.isLetter on one UTF-16 code unit (a lone surrogate is not a letter). */
function isLetter(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const code = ch.charCodeAt(0);
  if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90)) return true;
  if (code < 128) return false;
  return LETTER.test(ch);
}

/** Lucene's StemmerUtil.endsWith on the first `len` chars of `s`. */
function endsWith(s: string[], len: number, suffix: string): boolean {
  const suffixLength = suffix.length;
  if (suffixLength > len) return false;
  for (let i = suffixLength - 1; i >= 0; i--) {
    if (s[len - (suffixLength - i)] !== suffix[i]) return false;
  }
  return true;
}

/** Lucene's StemmerUtil.delete: removes s[pos], returns the new length. */
function deleteAt(s: string[], pos: number, len: number): number {
  for (let i = pos; i < len - 1; i++) s[i] = s[i + 1] as string;
  return len - 1;
}

const NORM_ACCENTS: Readonly<Record<string, string>> = {
  à: 'a',
  á: 'a',
  â: 'a',
  ô: 'o',
  è: 'e',
  é: 'e',
  ê: 'e',
  ù: 'u',
  û: 'u',
  î: 'i',
  ç: 'c',
};

function norm(s: string[], len: number): number {
  if (len > 4) {
    for (let i = 0; i < len; i++) {
      const folded = NORM_ACCENTS[s[i] as string];
      if (folded !== undefined) s[i] = folded;
    }

    // collapse doubled letters ("anneau" → "aneau"), but never digits (SOLR-3463)
    let ch = s[0];
    for (let i = 1; i < len; i++) {
      if (s[i] === ch && isLetter(ch)) len = deleteAt(s, i--, len);
      else ch = s[i];
    }
  }

  if (len > 4 && endsWith(s, len, 'ie')) len -= 2;

  if (len > 4) {
    if (s[len - 1] === 'r') len--;
    if (s[len - 1] === 'e') len--;
    if (s[len - 1] === 'e') len--;
    if (s[len - 1] === s[len - 2] && isLetter(s[len - 1])) len--;
  }
  return len;
}

/** Returns the new length of the stem held in s[0..len). Mirrors FrenchLightStemmer.stem. */
function stemBuffer(s: string[], len: number): number {
  if (len > 5 && s[len - 1] === 'x') {
    if (s[len - 3] === 'a' && s[len - 2] === 'u' && s[len - 4] !== 'e') s[len - 2] = 'l';
    len--;
  }

  if (len > 3 && s[len - 1] === 'x') len--;

  if (len > 3 && s[len - 1] === 's') len--;

  if (len > 9 && endsWith(s, len, 'issement')) {
    len -= 6;
    s[len - 1] = 'r';
    return norm(s, len);
  }

  if (len > 8 && endsWith(s, len, 'issant')) {
    len -= 4;
    s[len - 1] = 'r';
    return norm(s, len);
  }

  if (len > 6 && endsWith(s, len, 'ement')) {
    len -= 4;
    if (len > 3 && endsWith(s, len, 'ive')) {
      len--;
      s[len - 1] = 'f';
    }
    return norm(s, len);
  }

  if (len > 11 && endsWith(s, len, 'ficatrice')) {
    len -= 5;
    s[len - 2] = 'e';
    s[len - 1] = 'r';
    return norm(s, len);
  }

  if (len > 10 && endsWith(s, len, 'ficateur')) {
    len -= 4;
    s[len - 2] = 'e';
    s[len - 1] = 'r';
    return norm(s, len);
  }

  if (len > 9 && endsWith(s, len, 'catrice')) {
    len -= 3;
    s[len - 4] = 'q';
    s[len - 3] = 'u';
    s[len - 2] = 'e';
    // s[len - 1] is already 'r'
    return norm(s, len);
  }

  if (len > 8 && endsWith(s, len, 'cateur')) {
    len -= 2;
    s[len - 4] = 'q';
    s[len - 3] = 'u';
    s[len - 2] = 'e';
    s[len - 1] = 'r';
    return norm(s, len);
  }

  if (len > 8 && endsWith(s, len, 'atrice')) {
    len -= 4;
    s[len - 2] = 'e';
    s[len - 1] = 'r';
    return norm(s, len);
  }

  if (len > 7 && endsWith(s, len, 'ateur')) {
    len -= 3;
    s[len - 2] = 'e';
    s[len - 1] = 'r';
    return norm(s, len);
  }

  if (len > 6 && endsWith(s, len, 'trice')) {
    len--;
    s[len - 3] = 'e';
    s[len - 2] = 'u';
    s[len - 1] = 'r';
  }

  if (len > 5 && endsWith(s, len, 'ième')) return norm(s, len - 4);

  if (len > 7 && endsWith(s, len, 'teuse')) {
    len -= 2;
    s[len - 1] = 'r';
    return norm(s, len);
  }

  if (len > 6 && endsWith(s, len, 'teur')) {
    len--;
    s[len - 1] = 'r';
    return norm(s, len);
  }

  if (len > 5 && endsWith(s, len, 'euse')) return norm(s, len - 2);

  if (len > 8 && endsWith(s, len, 'ère')) {
    len--;
    s[len - 2] = 'e';
    return norm(s, len);
  }

  if (len > 7 && endsWith(s, len, 'ive')) {
    len--;
    s[len - 1] = 'f';
    return norm(s, len);
  }

  if (len > 4 && (endsWith(s, len, 'folle') || endsWith(s, len, 'molle'))) {
    len -= 2;
    s[len - 1] = 'u';
    return norm(s, len);
  }

  if (len > 9 && endsWith(s, len, 'nnelle')) return norm(s, len - 5);

  if (len > 9 && endsWith(s, len, 'nnel')) return norm(s, len - 3);

  if (len > 4 && endsWith(s, len, 'ète')) {
    len--;
    s[len - 2] = 'e';
  }

  if (len > 8 && endsWith(s, len, 'ique')) len -= 4;

  if (len > 8 && endsWith(s, len, 'esse')) return norm(s, len - 3);

  if (len > 7 && endsWith(s, len, 'inage')) return norm(s, len - 3);

  if (len > 9 && endsWith(s, len, 'isation')) {
    len -= 7;
    if (len > 5 && endsWith(s, len, 'ual')) s[len - 2] = 'e';
    return norm(s, len);
  }

  if (len > 9 && endsWith(s, len, 'isateur')) return norm(s, len - 7);

  if (len > 8 && endsWith(s, len, 'ation')) return norm(s, len - 5);

  if (len > 8 && endsWith(s, len, 'ition')) return norm(s, len - 5);

  return norm(s, len);
}

/** Savoy's light stem of one lower-case word, exactly as Lucene computes it ("chevaux" → "cheval"). */
export function frenchLightStem(word: string): string {
  // One array slot per UTF-16 code unit, like Java's char[].
  const s = word.split('');
  const len = stemBuffer(s, s.length);
  return s.slice(0, len).join('');
}

import { describe, expect, it } from 'vitest';
import { langOf, messages, t } from '../../src/reply/i18n.js';

describe('i18n', () => {
  it('picks French for fr locales, English otherwise', () => {
    expect(langOf('fr')).toBe('fr');
    expect(langOf('fr-CA')).toBe('fr');
    expect(langOf('en-US')).toBe('en');
    expect(langOf('de')).toBe('en');
    expect(langOf(undefined)).toBe('en');
    expect(t('fr').cooldown(3)).toContain('3 s');
    expect(t('en-GB').questionTooLong(600, 300)).toContain('600');
  });
  it('has the same keys in both languages', () => {
    expect(Object.keys(messages('fr')).sort()).toEqual(Object.keys(messages('en')).sort());
  });
});

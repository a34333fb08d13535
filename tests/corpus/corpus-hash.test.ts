import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'corpus-hash-'));
  await writeFile(join(dir, 'a.txt'), 'Titre A\n\nUn paragraphe de texte.\n');
  await writeFile(join(dir, 'b.txt'), 'Titre B\n\nUn autre paragraphe.\n');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const hash = async () => (await loadCorpus(dir)).corpusHash;

describe('corpusHash', () => {
  it('is the same for the same files, and changes with a byte, a name, an added or removed file', async () => {
    const first = await hash();
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(await hash()).toBe(first);

    await writeFile(join(dir, 'a.txt'), 'Titre A\n\nUn paragraphe de texte!\n');
    const edited = await hash();
    expect(edited).not.toBe(first);
    await writeFile(join(dir, 'a.txt'), 'Titre A\n\nUn paragraphe de texte.\n');
    expect(await hash()).toBe(first);

    await rename(join(dir, 'b.txt'), join(dir, 'c.txt'));
    const renamed = await hash();
    expect(renamed).not.toBe(first);
    await rename(join(dir, 'c.txt'), join(dir, 'b.txt'));

    await writeFile(join(dir, 'd.txt'), 'Titre D\n\nEncore un.\n');
    expect(await hash()).not.toBe(first);
    await rm(join(dir, 'd.txt'));
    await rm(join(dir, 'b.txt'));
    expect(await hash()).not.toBe(first);
  });

  it('ignores refused and ignored files (they are not in the index)', async () => {
    const first = await hash();
    await writeFile(join(dir, 'notes.md'), 'not an article');
    await writeFile(join(dir, 'empty.txt'), '');
    await writeFile(join(dir, 'binary.txt'), Buffer.from([0x41, 0x00, 0x42]));
    const loaded = await loadCorpus(dir);
    expect(loaded.problems.map((p) => p.file).sort()).toEqual(['binary.txt', 'empty.txt']);
    expect(loaded.corpusHash).toBe(first);
  });
});

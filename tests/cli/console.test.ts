import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const TSX = 'node_modules/.bin/tsx';

async function cli(script: string, args: string[], input?: string) {
  const child = run(TSX, [`src/cli/${script}.ts`, ...args], { env: { ...process.env, SEEDS_DIR: 'seeds' } });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run ask', () => {
  it('prints the quote, the article title, the file and the paragraph', async () => {
    const { code, stdout } = await cli('ask', ['Combien de GPU H100 équipent Colossus ?']);
    expect(code).toBe(0);
    expect(stdout).toContain('200 000 GPU NVIDIA H100');
    expect(stdout).toContain('xAI, la startup');
    expect(stdout).toMatch(/000_378f6c1953f514f5\.txt § \d+/);
  });

  it('prints one JSON object with the contract fields', async () => {
    const { code, stdout } = await cli('ask', ['--json', 'Combien de GPU H100 équipent Colossus ?']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(Object.keys(result)).toEqual(['question', 'answered', 'answers']);
    expect(result.answered).toBe(true);
    expect(Object.keys(result.answers[0])).toEqual([
      'file',
      'title',
      'paragraph',
      'line',
      'quote',
      'context',
      'score',
    ]);
    expect(result.answers[0].context).toContain(result.answers[0].quote);
  });

  it('reads one question per stdin line with --json and prints one object per line', async () => {
    const { code, stdout } = await cli(
      'ask',
      ['--json'],
      'Qui est le directeur financier de xAI ?\n\nQui mène les discussions avec les prêteurs ?\n',
    );
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(lines[0].answered).toBe(false);
    expect(lines[1].answers[0].quote).toContain('Valor Equity Partners');
  });

  it.each([
    [[], /no question/],
    [['   '], /empty/],
    [['x'.repeat(5000)], /too long/],
    [['--bogus', 'question'], /unknown option/],
  ])('bad usage %# is one line on stderr and exit status 2', async (args, message) => {
    const { code, stderr, stdout } = await cli('ask', args as string[]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
  });
});

describe('npm run source', () => {
  it('prints the whole article by file name or title start', async () => {
    const byFile = await cli('source', ['004_466c3ba0de990664.txt']);
    expect(byFile.code).toBe(0);
    expect(byFile.stdout).toContain('Elon Musk fusionne X avec xAI');
    expect(byFile.stdout).toContain('cloud souverain');
    const byTitle = await cli('source', ['Elon Musk fusionne']);
    expect(byTitle.stdout).toBe(byFile.stdout);
  });

  it('refuses unknown articles and paths outside the corpus', async () => {
    for (const name of ['../../etc/passwd', 'nope']) {
      const { code, stderr } = await cli('source', [name]);
      expect(code).toBe(2);
      expect(stderr).toMatch(/unknown article/);
    }
  });
});

import { renderArticle } from './console-render.js';
import { loadEngine, runConsole, UsageError } from './load-engine.js';

async function main(): Promise<void> {
  const name = process.argv.slice(2).join(' ').trim();
  if (name.length === 0)
    throw new UsageError('usage: npm run source -- <file name, or the start of a title>');
  const engine = await loadEngine();
  const article = engine.getArticle(name);
  if (article === undefined) throw new UsageError(`unknown article: ${JSON.stringify(name.slice(0, 80))}`);
  process.stdout.write(renderArticle(article));
}

runConsole(main);

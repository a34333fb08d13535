/**
 * How Discord reads the markdown the bot sends, for tests: what a reader sees, and what would format,
 * mention, link or list instead of showing literally. Written independently of src/reply/markdown.ts.
 */

/** What Discord shows for our markdown: escapes undone, bold markers dropped. */
export function shown(md: string): string {
  let out = '';
  for (let i = 0; i < md.length; i++) {
    const ch = md[i] as string;
    if (ch === '\\' && i + 1 < md.length) {
      out += md[i + 1];
      i++;
    } else if (ch === '*' && md[i + 1] === '*') i++;
    else out += ch;
  }
  return out;
}

/** Discord's autolink rule: inside such a link, characters are taken as they are. */
const DISCORD_LINK = /https?:\/\/[^\s<]+[^<.,:;"')\]\s]/g;
const MARKUP = new Set(['*', '_', '`', '~', '|', '<', '>', '@', '#', '[', ']']);

/**
 * Every piece of `md` that Discord would turn into formatting, a mention, a masked link or a list:
 * unescaped markup characters outside links, except paired `**` (our own bold).
 */
export function liveMarkup(md: string): string[] {
  const found: string[] = [];
  const links = [...md.matchAll(DISCORD_LINK)].map((m) => [m.index, m.index + m[0].length] as const);
  let bold = 0;
  for (let i = 0; i < md.length; i++) {
    const ch = md[i] as string;
    if (ch === '\\') {
      i++;
      continue;
    }
    const link = links.find(([a, b]) => a <= i && i < b);
    if (link) {
      // Only characters that are harmless inside a link may stand unescaped there.
      if (/[*`|@[\]\\]/.test(ch)) found.push(`${ch} in a link at ${i}`);
      continue;
    }
    if (ch === '*' && md[i + 1] === '*') {
      bold++;
      i++;
      continue;
    }
    if (MARKUP.has(ch)) found.push(`${ch} at ${i}`);
  }
  if (bold % 2 !== 0) found.push('unpaired **');
  // Discord starts a list after spaces only (not other blanks).
  for (const line of md.split('\n')) if (/^[ \t]*([-+] |\d+[.)] )/.test(line)) found.push(`list: ${line}`);
  return found;
}

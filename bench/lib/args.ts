/** `--sizes 1000,10000` or `--sizes=1000,10000`: the corpus sizes to run, or undefined when not given. */
export function parseSizes(argv: readonly string[]): number[] | undefined {
  const value = optionValue(argv, 'sizes');
  if (value === undefined) return undefined;
  const sizes = value.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 100)) {
    throw new Error(`--sizes wants whole numbers of paragraphs (at least 100), got "${value}"`);
  }
  return sizes;
}

/** The value of `--name value` or `--name=value`. */
export function optionValue(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === `--${name}`) return argv[i + 1];
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return undefined;
}

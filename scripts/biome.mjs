#!/usr/bin/env node
// Runs biome's native binary for this platform. The project depends on the linux-x64 build directly rather
// than on @biomejs/biome, whose optional per-platform packages are missing from the registry this project
// installs from: `npm ci` then refuses the lock file. Elsewhere, add your platform's build without saving it.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const platformPackage = `@biomejs/cli-${process.platform}-${process.arch}`;
let binary;
try {
  binary = require.resolve(`${platformPackage}/${process.platform === 'win32' ? 'biome.exe' : 'biome'}`);
} catch {
  console.error(
    `biome is not installed for ${process.platform}-${process.arch}: npm i --no-save ${platformPackage}@2.6.8`,
  );
  process.exit(2);
}
const result = spawnSync(binary, process.argv.slice(2), { stdio: 'inherit' });
process.exit(result.status ?? 1);

// Lints OpenAPI documents with the Redocly CLI pinned in package-lock.json (recommended rules, redocly.yaml) and
// exits non-zero on any error, printing the linter's report. Installs the locked package first when node_modules is
// missing or stale. Usage: node lint.mjs <openapi.yaml>...
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const documents = process.argv.slice(2).map(file => resolve(file));
if (documents.length === 0) {
  console.error('usage: node lint.mjs <openapi.yaml>...');
  process.exit(2);
}
for (const document of documents) {
  if (!existsSync(document)) {
    console.error(`${document} does not exist: is quarkus.smallrye-openapi.store-schema-directory set?`);
    process.exit(2);
  }
}

const lock = JSON.parse(readFileSync(join(here, 'package-lock.json'), 'utf8'));
const locked = lock.packages['node_modules/@redocly/cli'].version;
const installed = join(here, 'node_modules/@redocly/cli/package.json');
if (!existsSync(installed) || JSON.parse(readFileSync(installed, 'utf8')).version !== locked) {
  execFileSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: here, stdio: 'inherit' });
}

const result = spawnSync(process.execPath,
  [join(here, 'node_modules/@redocly/cli/bin/cli.js'), 'lint', '--config', join(here, 'redocly.yaml'), ...documents],
  { stdio: 'inherit', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } });
process.exit(result.status ?? 1);

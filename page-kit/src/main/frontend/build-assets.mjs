// Copies the parts of the DSFR the pages use into page-kit's classpath (page-kit/dsfr/, one copy for every service),
// with every font and icon their stylesheets reference, so pages load a few small files instead of the
// whole 700 kB design system. Installs the locked package first when node_modules is missing or stale.
// Usage: node build-assets.mjs <output directory>
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const output = process.argv[2];
if (!output) {
  console.error('usage: node build-assets.mjs <output directory>');
  process.exit(2);
}

const lock = JSON.parse(readFileSync(join(here, 'package-lock.json'), 'utf8'));
const locked = lock.packages['node_modules/@gouvfr/dsfr'].version;
const installed = join(here, 'node_modules/@gouvfr/dsfr/package.json');
if (!existsSync(installed) || JSON.parse(readFileSync(installed, 'utf8')).version !== locked) {
  // --ignore-scripts: the package's install script only prints a banner.
  execFileSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: here, stdio: 'inherit' });
}

const dist = join(here, 'node_modules/@gouvfr/dsfr/dist');
// The core (reset, typography, grid, spacing) and the components the templates use, in cascade order.
const stylesheets = ['core/core.min.css',
  ...['skiplink', 'logo', 'header', 'footer', 'link', 'button', 'badge', 'form', 'input', 'search', 'callout',
    'notice', 'breadcrumb'].map(c => `component/${c}/${c}.min.css`)];
const extras = ['favicon/favicon.svg', 'favicon/favicon.ico', 'favicon/apple-touch-icon.png'];

const target = join(output, 'dsfr');
rmSync(target, { recursive: true, force: true });
const copied = new Set();
function copy(file) {
  if (copied.has(file)) return;
  const source = join(dist, file);
  if (!existsSync(source)) throw new Error(`DSFR ${locked} has no ${file}`);
  mkdirSync(dirname(join(target, file)), { recursive: true });
  copyFileSync(source, join(target, file));
  copied.add(file);
  if (file.endsWith('.css')) {
    for (const [, url] of readFileSync(source, 'utf8').matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)) {
      if (url.startsWith('data:') || url.startsWith('#')) continue;
      const referenced = normalize(join(dirname(file), url.split(/[?#]/)[0]));
      if (referenced.startsWith('..')) throw new Error(`${file} references ${url} outside the distribution`);
      copy(relative('.', referenced));
    }
  }
}
[...stylesheets, ...extras].forEach(copy);
// The page layout links these, in this order; the service reads the list instead of repeating it.
writeFileSync(join(target, 'stylesheets.txt'), stylesheets.join('\n') + '\n');
writeFileSync(join(target, 'version.txt'), locked + '\n');
console.log(`DSFR ${locked}: ${copied.size} files copied to ${relative(process.cwd(), target) || target}`);

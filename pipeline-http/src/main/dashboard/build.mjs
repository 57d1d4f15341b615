// Bundles the dashboard (its script, Chart.js, Leaflet and their styles) into the folder given, which
// the Maven build puts into the jar: node build.mjs <out-dir>
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2];
if (!out) {
  console.error('usage: node build.mjs <out-dir>');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
await build({
  entryPoints: ['src/app.js'],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome110', 'firefox110', 'safari16'],
  outdir: out,
  // Leaflet's marker images, referred to by its stylesheet, go beside the bundle
  loader: { '.png': 'file', '.svg': 'file' },
  assetNames: '[name]',
  logLevel: 'warning',
});
copyFileSync('src/index.html', join(out, 'index.html'));

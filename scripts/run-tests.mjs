// Runs test files with node:test, each in a process of its own, `--concurrency N` at a time, in the ORDER
// GIVEN (decision 013). `node --test` sorts the files it is given by path, so the longest file of the
// suite (the route-table walk in src/server/test/) started late and ran on alone at the end with one
// core idle; scripts/test.sh passes the longest files first instead. Otherwise it is what
// `node --test --test-reporter=spec` does: the same child processes (this process's flags, `--import tsx`
// among them, are passed on), the spec reporter on stdout, exit code 1 when any test failed or a file
// could not run. At the end it prints the 15 longest files (the sum of each one's top-level tests),
// so the order can be kept up to date.
//
// Usage: node --import tsx scripts/run-tests.mjs [--concurrency N] [--test-name-pattern=RE]... [--test-only] file...
import path from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';

const args = process.argv.slice(2);
let concurrency = 2;
const testNamePatterns = [];
let only = false;
const files = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--concurrency') concurrency = Number(args[++i]);
  else if (arg.startsWith('--test-name-pattern='))
    testNamePatterns.push(arg.slice('--test-name-pattern='.length));
  else if (arg === '--test-name-pattern') testNamePatterns.push(args[++i]);
  else if (arg === '--test-only') only = true;
  else if (arg.startsWith('-'))
    throw new Error(`unknown option ${arg} (known: --concurrency N, --test-name-pattern, --test-only)`);
  else files.push(path.resolve(arg));
}
if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('--concurrency takes a whole number');
if (files.length === 0) throw new Error('no test files given');

const perFile = new Map();
const stream = run({
  files,
  concurrency,
  ...(testNamePatterns.length > 0 ? { testNamePatterns } : {}),
  ...(only ? { only } : {}),
});
stream.on('test:fail', (data) => {
  if (data.todo === undefined || data.todo === false) process.exitCode = 1;
});
for (const event of ['test:pass', 'test:fail']) {
  stream.on(event, (data) => {
    if (data.nesting !== 0 || !data.file) return;
    perFile.set(data.file, (perFile.get(data.file) ?? 0) + (data.details?.duration_ms ?? 0));
  });
}
const reporter = stream.compose(new spec());
reporter.pipe(process.stdout);
reporter.on('end', () => {
  const root = process.cwd();
  const rows = [...perFile].sort((a, b) => b[1] - a[1]).slice(0, 15);
  console.log('\nLongest test files (seconds, the sum of their top-level tests):');
  for (const [file, ms] of rows)
    console.log(`${(ms / 1000).toFixed(1).padStart(8)}  ${path.relative(root, file)}`);
});

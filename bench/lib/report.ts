import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ScenarioResult, Verdict } from './load.ts';
import { repoRoot, serverRoot } from './proc.ts';
import type { Target } from './scenarios.ts';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  os: string;
}

export function machine(): Machine {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
  };
}

export function gitCommit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: serverRoot })
      .toString()
      .trim();
    // RESULTS.md is what the harness itself rewrites: its own changes do not make the code differ.
    const dirty = execFileSync(
      'git',
      ['status', '--porcelain', '--untracked-files=no', '--', '.', ':(exclude)bench/RESULTS.md'],
      { cwd: serverRoot },
    )
      .toString()
      .trim();
    return dirty ? `${sha} (with uncommitted changes)` : sha;
  } catch {
    return 'unknown';
  }
}

export function writeJson(file: string, data: unknown): string {
  const full = path.resolve(repoRoot, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, `${JSON.stringify(data, null, 2)}\n`);
  return full;
}

export const resultsMd = path.join(repoRoot, 'bench/RESULTS.md');

/**
 * Replaces the block between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` in RESULTS.md (appending it
 * when missing), so load, growth, multi-process and soak results live side by side.
 */
export function writeSection(name: string, markdown: string, file = resultsMd): void {
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const a = current.indexOf(start);
  const b = current.indexOf(end);
  const next =
    a >= 0 && b > a
      ? `${current.slice(0, a)}${block}${current.slice(b + end.length)}`
      : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}

const fmt = (n: number, d = 0) =>
  n.toLocaleString('en-GB', { maximumFractionDigits: d, minimumFractionDigits: d });
const ms = (n: number) => fmt(n, n < 10 ? 1 : 0);
const mark = (ok: boolean | undefined) => (ok === undefined ? '' : ok ? ' ✅ met' : ' ❌ missed');

export function rpsCell(r: ScenarioResult, v: Verdict = r.verdict): string {
  const t = r.target?.minRps;
  return `${fmt(r.rps)}${t ? `${mark(v.rps)} (≥ ${fmt(t)})` : ''}`;
}
export function p95Cell(r: ScenarioResult, v: Verdict = r.verdict): string {
  const t = r.target?.maxP95Ms;
  return `${ms(r.latency.p95)}${t ? `${mark(v.p95)} (< ${t})` : ''}`;
}
export function p99Cell(r: ScenarioResult, v: Verdict = r.verdict): string {
  const t = r.target?.maxP99Ms;
  return `${ms(r.latency.p99)}${t ? `${mark(v.p99)} (< ${t})` : ''}`;
}
export function memCell(r: ScenarioResult, v: Verdict = r.verdict): string {
  return `${fmt(r.peakRssMb)}${mark(v.memory)} (< 300)`;
}

export function targetWords(t: Target | null): string {
  if (!t) return 'none in the issue';
  const parts: string[] = [];
  if (t.minRps) parts.push(`≥ ${fmt(t.minRps)} req/s`);
  if (t.maxP95Ms) parts.push(`p95 < ${t.maxP95Ms} ms`);
  if (t.maxP99Ms) parts.push(`p99 < ${t.maxP99Ms} ms`);
  parts.push(`memory < ${t.maxMemoryMb} MB`);
  return parts.join(', ');
}

export function loadTable(results: ScenarioResult[]): string {
  const rows = [
    '| Scenario | req/s | p50 ms | p95 ms | p99 ms | non-2xx | errors | server peak RSS MB |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    if (r.skipped) {
      rows.push(`| ${r.title} | ${r.skipped} | | | | | | |`);
      continue;
    }
    rows.push(
      `| ${r.title} | ${rpsCell(r)} | ${ms(r.latency.p50)} | ${p95Cell(r)} | ${p99Cell(r)} | ${fmt(r.non2xx)} | ${fmt(r.errors)} | ${memCell(r)} |`,
    );
  }
  return rows.join('\n');
}

export function header(info: {
  title: string;
  date: string;
  machine: Machine;
  commit: string;
  notes: string[];
}): string {
  const m = info.machine;
  return [
    `### ${info.title}`,
    '',
    `- Date: ${info.date}`,
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB memory, ${m.os}; Node ${m.node}`,
    `- Commit: ${info.commit}`,
    ...info.notes.map((n) => `- ${n}`),
  ].join('\n');
}

export function countsLine(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([k, v]) => `${k} ${fmt(v)}`)
    .join(', ');
}

const ratio = (large: number, small: number) => (small ? `×${(large / small).toFixed(2)}` : '–');

/** Growth table: each figure of the large run with the ratio large/small beside it. */
export function compareTable(
  smallResults: ScenarioResult[],
  largeResults: ScenarioResult[],
  smallName: string,
  largeName: string,
) {
  const rows = [
    `| Scenario | req/s ${smallName} | req/s ${largeName} | ratio | p50 ms | p95 ms ${largeName} | ratio | p99 ms ${largeName} | ratio | peak RSS MB ${largeName} | ratio |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const ratios: Record<string, Record<string, number>> = {};
  for (const s of smallResults) {
    const l = largeResults.find((r) => r.name === s.name)!;
    if (s.skipped || l.skipped) {
      rows.push(`| ${s.title} | ${s.skipped ?? ''} | ${l.skipped ?? ''} | | | | | | | | |`);
      continue;
    }
    ratios[s.name] = {
      rps: l.rps / s.rps,
      p50: l.latency.p50 / s.latency.p50,
      p95: l.latency.p95 / s.latency.p95,
      p99: l.latency.p99 / s.latency.p99,
      memory: l.peakRssMb / s.peakRssMb,
    };
    rows.push(
      `| ${s.title} | ${fmt(s.rps)} | ${rpsCell(l)} | ${ratio(l.rps, s.rps)} | ${ms(s.latency.p50)} → ${ms(l.latency.p50)} (${ratio(l.latency.p50, s.latency.p50)}) | ${p95Cell(l)} | ${ratio(l.latency.p95, s.latency.p95)} | ${p99Cell(l)} | ${ratio(l.latency.p99, s.latency.p99)} | ${memCell(l)} | ${ratio(l.peakRssMb, s.peakRssMb)} |`,
    );
  }
  return { rows: rows.join('\n'), ratios };
}

export { fmt, ms };

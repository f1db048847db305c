import cliProgress from 'cli-progress';

/** What the generator reports while it runs: one phase at a time, each with a known total. */
export interface Progress {
  start(phase: string, total: number, unit: string): void;
  /** `done` is the number of units finished so far in this phase; `detail` a short extra (e.g. rows). */
  update(done: number, detail?: string): void;
  end(detail?: string): void;
}

export const silentProgress: Progress = { start() {}, update() {}, end() {} };

const number = new Intl.NumberFormat('en-GB');

export function formatCount(n: number): string {
  return number.format(Math.round(n));
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/**
 * A progress bar on stderr when it is a terminal (what is being generated, how far, the rate and the
 * time left); otherwise one line per finished phase, so logs and CI output stay readable.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = Boolean(stream.isTTY);
  let bar: cliProgress.SingleBar | null = null;
  let phase = '';
  let unit = '';
  let total = 0;
  let done = 0;
  let started = 0;
  const rate = () => formatCount(done / Math.max(0.001, (performance.now() - started) / 1000));
  return {
    start(name, phaseTotal, phaseUnit) {
      phase = name;
      unit = phaseUnit;
      total = phaseTotal;
      done = 0;
      started = performance.now();
      if (!tty) return;
      bar = new cliProgress.SingleBar(
        {
          stream,
          format: `${name.padEnd(12)} [{bar}] {percentage}% | {done}/{all} ${unit} | {rate} ${unit}/s | ETA {eta_formatted}{detail}`,
          barsize: 24,
          hideCursor: true,
          etaBuffer: 50,
          fps: 5,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(Math.max(1, phaseTotal), 0, {
        done: '0',
        all: formatCount(phaseTotal),
        rate: '0',
        detail: '',
      });
    },
    update(value, detail) {
      done = value;
      bar?.update(Math.min(value, Math.max(1, total)), {
        done: formatCount(value),
        all: formatCount(total),
        rate: rate(),
        detail: detail ? ` | ${detail}` : '',
      });
    },
    end(detail) {
      done = total;
      const elapsed = performance.now() - started;
      if (bar) {
        bar.update(Math.max(1, total), {
          done: formatCount(total),
          all: formatCount(total),
          rate: rate(),
          detail: detail ? ` | ${detail}` : '',
        });
        bar.stop();
        bar = null;
        return;
      }
      const extra = detail ? `, ${detail}` : '';
      stream.write(
        `${phase}: ${formatCount(total)} ${unit} in ${formatDuration(elapsed)} (${rate()} ${unit}/s${extra})\n`,
      );
    },
  };
}

/**
 * `npm run bench:sla-time`: a micro-benchmark of the SLA business-time arithmetic (src/shared/sla-time.ts),
 * the speed check that used to be a timed assertion in sla-time.test.ts (issue 11, item 8). It reports
 * figures and never fails on them. See bench/README.md.
 */
import { parseArgs } from 'node:util';
import { businessCalendar } from '../src/shared/schemas/sla.ts';
import { addBusinessTime, businessTimeBetween } from '../src/shared/sla-time.ts';
import { gitCommit, machine } from './lib/report.ts';

const HOUR = 3_600_000;
const START = '2026-03-02T09:00:00Z';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '50' },
    hours: { type: 'string', default: '10000' },
    json: { type: 'boolean', default: false },
  },
});
const runs = Math.max(1, Number(values.runs));
const hours = Math.max(1, Number(values.hours));

/** A London office calendar with two holidays; a new one each time starts with an empty day cache. */
function londonOffice() {
  const day = [{ start: '09:00', end: '17:30' }];
  return businessCalendar.parse({
    timeZone: 'Europe/London',
    weekly: [[], day, day, day, day, day, []],
    holidays: ['2026-12-25', '2027-12-27'],
  });
}

/** `hours` business hours forward from START, then the business time back between the two instants. */
function thereAndBack(calendar: ReturnType<typeof londonOffice>): number {
  const t0 = performance.now();
  const due = addBusinessTime(calendar, START, hours * HOUR);
  const back = businessTimeBetween(calendar, START, due);
  const ms = performance.now() - t0;
  if (back !== hours * HOUR)
    throw new Error(`wrong answer: ${back} ms of business time, not ${hours * HOUR}`);
  return ms;
}

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const round = (n: number) => Math.round(n * 100) / 100;
  return { median: round(at(0.5)), p90: round(at(0.9)), min: round(at(0)), max: round(at(1)) };
}

// Unmeasured: the first runs load and optimise the code.
for (let i = 0; i < 5; i++) thereAndBack(londonOffice());
const cold: number[] = [];
for (let i = 0; i < runs; i++) cold.push(thereAndBack(londonOffice()));
const warmCalendar = londonOffice();
thereAndBack(warmCalendar);
const warm: number[] = [];
for (let i = 0; i < runs; i++) warm.push(thereAndBack(warmCalendar));

const result = {
  benchmark: 'sla-time',
  what: `${hours} business hours forward and back (Europe/London, Mon-Fri 09:00-17:30, 2 holidays)`,
  runs,
  coldMs: summary(cold),
  warmMs: summary(warm),
  machine: machine(),
  commit: gitCommit(),
  date: new Date().toISOString(),
};

if (values.json) {
  console.log(JSON.stringify(result, null, 2));
} else {
  const line = (name: string, s: ReturnType<typeof summary>) =>
    `${name.padEnd(22)} median ${s.median} ms  p90 ${s.p90} ms  min ${s.min} ms  max ${s.max} ms`;
  console.log(`sla-time: ${result.what}, ${runs} runs each`);
  console.log(line('new calendar (cold)', result.coldMs));
  console.log(line('same calendar (warm)', result.warmMs));
  console.log(
    `${result.machine.cpu}, ${result.machine.cores} cores, Node ${result.machine.node}; ${result.commit}`,
  );
}

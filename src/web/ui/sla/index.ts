/** Live SLA timers for ticket pages (portal and staff): see sla-timers.tsx and the pure sla-live.ts. */
export {
  clockWords,
  formatDuration,
  type LiveClock,
  type LiveClockState,
  liveClock,
  liveClocks,
  summaryWords,
} from './sla-live.ts';
export { SlaBadge, SlaStateIcon, SlaTimers, useNow } from './sla-timers.tsx';

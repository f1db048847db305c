/**
 * An SLA policy's targets in the viewer's words, for the new-ticket pages of both faces (the server's
 * `expectation` field is English).
 */
type T = (key: string, params?: Record<string, unknown>) => string;

/** A target in the viewer's words: "4 business hours", "1 h 30 min of business time", "2 days". */
export function targetWords(minutes: number, alwaysOpen: boolean, t: T): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (alwaysOpen) {
    if (minutes >= 1440 && minutes % 1440 === 0) return t('ui:sla.target.days', { count: minutes / 1440 });
    if (m === 0) return t('ui:sla.target.hours', { count: h });
    if (h === 0) return t('ui:sla.target.minutes', { count: m });
    return t('ui:sla.duration.hoursMinutes', { h, m });
  }
  if (m === 0) return t('ui:sla.target.businessHours', { count: h });
  if (h === 0) return t('ui:sla.target.businessMinutes', { count: m });
  return t('ui:sla.target.businessTime', { h, m });
}

/** "First response within 4 business hours, resolution within 24 business hours". */
export function expectationWords(
  responseMinutes: number,
  resolutionMinutes: number,
  alwaysOpen: boolean,
  t: T,
): string {
  return t('ui:sla.target.expectation', {
    response: targetWords(responseMinutes, alwaysOpen, t),
    resolution: targetWords(resolutionMinutes, alwaysOpen, t),
  });
}

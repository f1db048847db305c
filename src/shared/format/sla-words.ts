/**
 * An SLA policy's targets in the reader's words, for the new-ticket pages of both faces and the
 * server's ticket options (`expectation`). `t` is the reader's translate function (react-i18next's in
 * the web app, `translate(language, …)` on the server).
 */
type T = (key: string, params?: Record<string, unknown>) => string;

/**
 * A target in words. Business days are left out (a "day" of a 9-to-5 calendar is ambiguous), so business
 * time reads in hours and minutes: "4 business hours", "45 business minutes", "1 h 30 min of business
 * time". A calendar open around the clock reads in plain time: "1 hour", "2 days", "1 h 30 min".
 */
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

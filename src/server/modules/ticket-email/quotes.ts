/**
 * What a person wrote in an email reply, without the history their mail program quoted under it.
 * Pure: text in, text out.
 *
 * Cut at the first of: an attribution line ("On Mon, 2 Mar 2026, Support <…> wrote:", also wrapped over
 * two lines and in a few other languages), Outlook's "-----Original Message-----" or its header block
 * ("From: …" followed by "Sent: …"/"Date: …", with or without a line of underscores above), or the
 * signature delimiter "-- ". Lines quoted with ">" are dropped
 * wherever they are. When that would leave nothing, the whole text is kept: a message is never lost.
 */

const attributionOneLine = [
  /^On\s.+\swrote:\s*$/i,
  /^Am\s.+\sschrieb\s.*:\s*$/i,
  /^Le\s.+\sa\s+écrit\s*:\s*$/i,
  /^El\s.+\sescribió:\s*$/i,
  /^Op\s.+\sschreef\s.*:\s*$/i,
  /^Il\s.+\sha\s+scritto:\s*$/i,
];
const attributionStart = /^(On|Am|Le|El|Op|Il)\s/i;
const originalMessage =
  /^\s*-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine)\s*-{2,}\s*$/i;
const underscores = /^\s*_{10,}\s*$/;
const fromHeader = /^\s*\*?(From|Von|De)\s*:\*?\s*\S/i;
const sentHeader = /^\s*\*?(Sent|Date|Gesendet|Envoyé)\s*:\*?\s*\S/i;
const signatureDelimiter = /^--\s?$/;
const quoted = /^\s*>/;

function isAttribution(lines: readonly string[], i: number): boolean {
  const line = lines[i]!.trim();
  if (attributionOneLine.some((re) => re.test(line))) return true;
  // Mail programs wrap a long attribution: "On Mon, 2 Mar 2026 at 10:00, Support <" / "support@x> wrote:".
  if (attributionStart.test(line) && i + 1 < lines.length) {
    const joined = `${line} ${lines[i + 1]!.trim()}`;
    if (attributionOneLine.some((re) => re.test(joined))) return true;
  }
  return false;
}

function isOutlookHeader(lines: readonly string[], i: number): boolean {
  if (!fromHeader.test(lines[i]!)) return false;
  for (let j = i + 1; j < Math.min(lines.length, i + 5); j++) {
    if (sentHeader.test(lines[j]!)) return true;
  }
  return false;
}

function cutsHere(lines: readonly string[], i: number): boolean {
  const line = lines[i]!;
  if (quoted.test(line)) return false;
  if (signatureDelimiter.test(line)) return true;
  if (originalMessage.test(line)) return true;
  if (underscores.test(line) && lines.slice(i + 1, i + 4).some((l) => fromHeader.test(l))) return true;
  if (isOutlookHeader(lines, i)) return true;
  return isAttribution(lines, i);
}

export function stripQuotedText(text: string): string {
  const original = text.replace(/\r\n?/g, '\n');
  const lines = original.split('\n');
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    if (cutsHere(lines, i)) {
      end = i;
      break;
    }
  }
  const kept = lines.slice(0, end).filter((line) => !quoted.test(line));
  const result = kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return result === '' ? original.trim() : result;
}

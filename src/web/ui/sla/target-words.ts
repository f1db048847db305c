/** An SLA policy's targets in the viewer's words: the shared wording, which the server uses too. */
export { expectationWords, targetWords } from '../../../shared/format/sla-words.ts';

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findLiterals } from '../../scripts/literal-rule.ts';

const texts = (source: string) => findLiterals('x.tsx', source).map((l) => `${l.line} ${l.why} ${l.text}`);

describe('the rule against user-visible literals', () => {
  it('catches JSX text, text props and string children', () => {
    const source = [
      'export const A = () => (',
      '  <Stack>',
      '    <Button title="Save the ticket">Save</Button>',
      "    <TextInput label={'Subject'} placeholder={busy ? 'Wait' : t('ui:x.y')} />",
      "    <Text>{open ? 'Hide' : t('ui:x.show')}</Text>",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source under test holds a template
      '    <img alt={`Logo of ${name}`} />',
      '  </Stack>',
      ');',
    ].join('\n');
    assert.deepEqual(texts(source), [
      '3 attribute "Save the ticket"',
      '3 text Save',
      "4 attribute 'Subject'",
      "4 attribute 'Wait'",
      "5 child 'Hide'",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal as the rule quotes it
      '6 attribute `Logo of ${name}`',
    ]);
  });

  it('lets translated text, keys, data, punctuation and non-text props through', () => {
    const source = [
      'export const B = ({ ticket }) => (',
      '  <Card data-testid="ticket-card" component="section" variant=\'light\' c="dimmed">',
      "    <Title title={t('ui:ticket.title')}>{ticket.subject}</Title>",
      "    <Text>{t('ui:ticket.count', { count: 2 })} · — 42 %</Text>",
      "    <Badge color={status === 'open' ? 'blue' : 'gray'} label={labelOf('open')} />",
      '    {/* i18n-allow: a product name */}',
      '    <Code>Portico</Code>',
      '  </Card>',
      ');',
    ].join('\n');
    assert.deepEqual(texts(source), []);
  });
});

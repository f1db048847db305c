import { useTranslation } from 'react-i18next';
import '../../ui/markdown.css';
import { Input, Tabs, Text, Textarea } from '@mantine/core';
import { useId, useMemo, useRef, useState } from 'react';
import { renderMarkdown } from '../../../shared/markdown.ts';
import { useCharacterLimit, useExtraDescribedBy } from '../../ui/limited-field.tsx';

/** Markdown shown in a page: HTML rendered (and made safe) by the server or by renderMarkdown (styles: ui/markdown.css, shared with the staff pages). */
export function MarkdownBlock({ html, testId }: { html: string; testId?: string }) {
  return (
    <div
      className="markdown"
      data-testid={testId}
      dir="auto"
      // biome-ignore lint/security/noDangerouslySetInnerHtml: HTML from renderMarkdown (raw HTML escaped, links checked).
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}

/**
 * A Markdown text box with Write and Preview tabs. The preview uses the same renderer as the server, so
 * it shows what others will see.
 */
export function MarkdownField({
  label,
  value,
  onChange,
  error,
  required,
  description,
  placeholder,
  minRows = 6,
  maxLength,
  testId,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  required?: boolean;
  description?: string;
  placeholder?: string;
  minRows?: number;
  /** From the shared schema (`maxLengthOf`): a counter shows near the limit. */
  maxLength: number;
  testId?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [tab, setTab] = useState<string>('write');
  const preview = useMemo(() => (tab === 'preview' ? renderMarkdown(value) : ''), [tab, value]);
  const errorId = `${id}-error`;
  const descriptionId = `${id}-description`;
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  // The textarea sits in its own Mantine wrapper, which would drop these: join them on.
  useExtraDescribedBy(textareaRef, error ? [descriptionId, errorId] : [descriptionId]);
  const counter = useCharacterLimit(value, maxLength, testId, textareaRef);

  return (
    <Input.Wrapper
      label={label}
      labelProps={{ htmlFor: id, id: `${id}-label` }}
      required={required}
      description={description ?? t('portalApp:markdown.hint')}
      error={error}
      errorProps={{ id: errorId }}
      descriptionProps={{ id: descriptionId }}
    >
      <Tabs value={tab} onChange={(v) => setTab(v ?? 'write')} variant="outline" mt={4} keepMounted>
        <Tabs.List>
          <Tabs.Tab value="write" data-testid={testId ? `${testId}-write` : undefined}>
            {t('portalApp:markdown.write')}
          </Tabs.Tab>
          <Tabs.Tab value="preview" data-testid={testId ? `${testId}-preview` : undefined}>
            {t('portalApp:markdown.preview')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="write" pt="xs">
          <Textarea
            ref={textareaRef}
            id={id}
            value={value}
            onChange={(e) => onChange(e.currentTarget.value)}
            autosize
            minRows={minRows}
            maxRows={24}
            placeholder={placeholder}
            error={Boolean(error)}
            required={required}
            maxLength={maxLength}
            data-testid={testId}
          />
          {counter}
        </Tabs.Panel>
        <Tabs.Panel value="preview" pt="xs">
          <section
            style={{
              minHeight: `${minRows * 1.55}em`,
              padding: 'var(--mantine-spacing-sm)',
              border: '1px solid var(--mantine-color-default-border)',
              borderRadius: 'var(--mantine-radius-md)',
            }}
            aria-label={t('portalApp:markdown.previewOf', { label })}
          >
            {value.trim() ? (
              <MarkdownBlock html={preview} testId={testId ? `${testId}-rendered` : undefined} />
            ) : (
              <Text size="sm" c="dimmed">
                {t('portalApp:markdown.nothing')}
              </Text>
            )}
          </section>
        </Tabs.Panel>
      </Tabs>
    </Input.Wrapper>
  );
}

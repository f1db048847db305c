import '../../ui/markdown.css';
import { Box, Input, Tabs, Text, Textarea } from '@mantine/core';
import { useMergedRef } from '@mantine/hooks';
import { type KeyboardEvent, type ReactNode, type Ref, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { renderMarkdown } from '../../../shared/markdown.ts';
import { useCharacterLimit, useExtraDescribedBy } from '../../ui/limited-field.tsx';

interface MarkdownEditorProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  description?: ReactNode;
  error?: string | undefined;
  required?: boolean;
  disabled?: boolean;
  placeholder?: string;
  minRows?: number;
  /** From the shared schema (`maxLengthOf`): a counter shows near the limit. */
  maxLength: number;
  textareaRef?: Ref<HTMLTextAreaElement>;
  onKeyDown?: (event: KeyboardEvent<HTMLTextAreaElement>) => void;
  testId?: string;
  /** Extra controls shown next to the Write/Preview tabs (a canned response button, for instance). */
  toolbar?: ReactNode;
}

/**
 * Markdown with a Write and a Preview tab. The preview uses the same renderer as the server, so what the
 * person sees is what is sent. The text area stays mounted while previewing (its cursor is kept).
 */
export function MarkdownEditor(props: MarkdownEditorProps) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<string>('write');
  const id = useId();
  const html = useMemo(() => (tab === 'preview' ? renderMarkdown(props.value) : ''), [tab, props.value]);
  const own = useRef<HTMLTextAreaElement>(null);
  const ref = useMergedRef(own, props.textareaRef);
  // The textarea sits in its own Mantine wrapper, which drops a passed aria-describedby: join them on.
  useExtraDescribedBy(
    own,
    [props.description ? `${id}-description` : '', props.error ? `${id}-error` : ''].filter(Boolean),
  );
  const counter = useCharacterLimit(props.value, props.maxLength, props.testId, own);
  return (
    <Input.Wrapper
      label={props.label}
      description={props.description}
      error={props.error}
      required={props.required}
      withAsterisk={props.required}
      id={id}
    >
      <Tabs value={tab} onChange={(v) => setTab(v ?? 'write')} variant="outline" mt={4}>
        {/* The toolbar sits beside the tab list, not in it: a tab list holds tabs only. */}
        <Box className="portico-editor-tabs">
          <Tabs.List style={{ flex: 1 }}>
            <Tabs.Tab value="write" data-testid={props.testId ? `${props.testId}-write` : undefined}>
              {t('staffApp:tickets.editor.write')}
            </Tabs.Tab>
            <Tabs.Tab value="preview" data-testid={props.testId ? `${props.testId}-preview` : undefined}>
              {t('staffApp:tickets.editor.preview')}
            </Tabs.Tab>
          </Tabs.List>
          {props.toolbar ? <Box className="portico-editor-toolbar">{props.toolbar}</Box> : null}
        </Box>
        <Tabs.Panel value="write" pt="xs">
          <Textarea
            id={id}
            ref={ref}
            maxLength={props.maxLength}
            value={props.value}
            onChange={(e) => props.onChange(e.currentTarget.value)}
            onKeyDown={props.onKeyDown}
            placeholder={props.placeholder}
            disabled={props.disabled}
            autosize
            minRows={props.minRows ?? 5}
            maxRows={20}
            error={Boolean(props.error)}
            dir="auto"
            data-testid={props.testId}
          />
          {counter}
          <Text size="xs" c="dimmed" mt={4}>
            {t('staffApp:tickets.editor.hint')}
          </Text>
        </Tabs.Panel>
        <Tabs.Panel value="preview" pt="xs">
          <Box
            p="sm"
            mih={100}
            style={{
              border: '1px solid var(--mantine-color-default-border)',
              borderRadius: 'var(--mantine-radius-md)',
            }}
            data-testid={props.testId ? `${props.testId}-preview-pane` : undefined}
          >
            {props.value.trim() ? (
              // biome-ignore lint/security/noDangerouslySetInnerHtml: rendered by src/shared/markdown.ts, which escapes raw HTML and filters links
              <div className="markdown" dir="auto" dangerouslySetInnerHTML={{ __html: html }} />
            ) : (
              <Text size="sm" c="dimmed">
                {t('staffApp:tickets.editor.empty')}
              </Text>
            )}
          </Box>
        </Tabs.Panel>
      </Tabs>
    </Input.Wrapper>
  );
}

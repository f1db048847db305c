import { useTranslation } from 'react-i18next';
import './attachments.css';
import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import type { AttachmentResponse } from '../../../shared/schemas/tickets.ts';
import { useFormat } from '../i18n/use-format.ts';
import { kindLabel } from './upload.ts';

export interface AttachmentListProps {
  attachments: AttachmentResponse[];
  /** Shown when there are none; by default nothing is rendered then. */
  emptyText?: string;
  /** Names the list for screen readers ("Attachments" by default). */
  label?: string;
}

/** The thumbnail of an image, or a tile naming the kind of file. */
export function FileBadge({
  attachment,
}: {
  attachment: Pick<AttachmentResponse, 'filename' | 'contentType' | 'thumbnailUrl'>;
}) {
  if (attachment.thumbnailUrl) {
    return (
      <img
        src={attachment.thumbnailUrl}
        alt=""
        className="portico-attachment-thumb"
        loading="lazy"
        decoding="async"
        width={48}
        height={48}
      />
    );
  }
  return (
    <span className="portico-attachment-icon" aria-hidden="true">
      {kindLabel(attachment)}
    </span>
  );
}

/**
 * Files of a ticket or message: a thumbnail for images, the name as the download link, the size, and
 * an "Internal" label on staff-only files (a contact never receives those from the API).
 */
export function AttachmentList({ attachments, emptyText, label }: AttachmentListProps) {
  const { t } = useTranslation();
  const format = useFormat();
  if (attachments.length === 0) {
    return emptyText ? (
      <Text size="sm" c="dimmed">
        {emptyText}
      </Text>
    ) : null;
  }
  return (
    <ul
      className="portico-attachment-list"
      aria-label={label ?? t('ui:attachments.list')}
      data-testid="attachment-list"
    >
      {attachments.map((a) => (
        <li key={a.id} className="portico-attachment-item" data-testid="attachment-item">
          <Group gap="sm" wrap="nowrap" align="center">
            <FileBadge attachment={a} />
            <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
              <Anchor
                href={a.url}
                download={a.filename}
                size="sm"
                className="portico-attachment-name"
                aria-label={t(a.internal ? 'ui:attachments.downloadInternal' : 'ui:attachments.download', {
                  name: a.filename,
                  size: format.fileSize(a.sizeBytes),
                })}
                dir="auto"
              >
                {a.filename}
              </Anchor>
              <Group gap={6} wrap="wrap">
                <Text size="xs" c="dimmed">
                  {format.fileSize(a.sizeBytes)} · {kindLabel(a)}
                </Text>
                {a.internal ? (
                  <Badge size="xs" color="yellow" variant="light" data-testid="attachment-internal">
                    {t('ui:attachments.internal')}
                  </Badge>
                ) : null}
              </Group>
            </Stack>
          </Group>
        </li>
      ))}
    </ul>
  );
}

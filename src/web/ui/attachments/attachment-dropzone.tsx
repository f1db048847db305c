import './attachments.css';
import {
  Box,
  Button,
  CloseButton,
  FileButton,
  Group,
  Progress,
  Stack,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import {
  type DragEvent,
  type RefObject,
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client.ts';
import { useFormat } from '../i18n/use-format.ts';
import { FileBadge } from './attachment-list.tsx';
import {
  discardUpload,
  pastedName,
  precheck,
  type UploadHandle,
  type UploadResponse,
  uploadErrorWords,
  uploadFile,
} from './upload.ts';

export type { UploadResponse };

export interface AttachmentDropzoneProps {
  /** Files uploaded so far (their ids go in `attachmentIds` when the form is sent). */
  value: UploadResponse[];
  onChange(next: UploadResponse[]): void;
  /** The largest file the server accepts (from the ticket options). */
  maxBytes: number;
  /** True while any file is still uploading: hold the form's submit until false. */
  onBusyChange?(busy: boolean): void;
  disabled?: boolean;
  label?: string;
  /** An element (a whole form, say) whose pasted images are uploaded too, not only pastes on the zone. */
  pasteTarget?: RefObject<HTMLElement | null>;
}

interface InFlight {
  key: string;
  name: string;
  size: number;
  /** 0 to 100. */
  progress: number;
  status: 'uploading' | 'failed';
  error?: string;
}

/**
 * Browsers name every pasted screenshot "image.png"; those get a name in the viewer's language with the
 * date and time in their zone instead.
 */
function namedForUpload(files: File[], timeZone: string): File[] {
  const at = new Date();
  return files.map((file, i) =>
    !file.name || /^image\.[a-z0-9]+$/i.test(file.name)
      ? new File([file], pastedName(file.type || 'image/png', at, timeZone, files.length > 1 ? i + 1 : 0), {
          type: file.type,
        })
      : file,
  );
}

/**
 * Attachments for a form: drag and drop several files, a "Choose files" button, or paste images
 * (on the zone, or anywhere in `pasteTarget`). Each file uploads at once with its progress shown;
 * a refused one says why in words (too big, type refused) with the server's explanation.
 */
export function AttachmentDropzone({
  value,
  onChange,
  maxBytes,
  onBusyChange,
  disabled = false,
  label: labelGiven,
  pasteTarget,
}: AttachmentDropzoneProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const timeZone = format.locale.timeZone;
  const label = labelGiven ?? t('ui:attachments.list');
  const id = useId();
  const labelId = `${id}-label`;
  const hintId = `${id}-hint`;
  const zoneRef = useRef<HTMLDivElement>(null);
  const resetRef = useRef<() => void>(null);
  const [inFlight, setInFlight] = useState<InFlight[]>([]);
  const [dragging, setDragging] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const handles = useRef(new Map<string, UploadHandle>());
  const counter = useRef(0);

  // Uploads finish one by one, after the render that started them: they add to the latest list.
  const valueRef = useRef(value);
  const onChangeRef = useRef(onChange);
  const onBusyChangeRef = useRef(onBusyChange);
  useLayoutEffect(() => {
    valueRef.current = value;
    onChangeRef.current = onChange;
    onBusyChangeRef.current = onBusyChange;
  });

  const busy = inFlight.some((f) => f.status === 'uploading');
  useEffect(() => {
    onBusyChangeRef.current?.(busy);
  }, [busy]);

  useEffect(() => {
    const inProgress = handles.current;
    return () => {
      for (const handle of inProgress.values()) handle.abort();
    };
  }, []);

  const update = useCallback(
    (key: string, change: Partial<InFlight>) =>
      setInFlight((list) => list.map((f) => (f.key === key ? { ...f, ...change } : f))),
    [],
  );
  const drop = useCallback((key: string) => setInFlight((list) => list.filter((f) => f.key !== key)), []);

  const addFiles = useCallback(
    (files: File[]) => {
      if (disabled || files.length === 0) return;
      const added: InFlight[] = [];
      for (const file of files) {
        counter.current += 1;
        const key = String(counter.current);
        const refused = precheck(file, maxBytes);
        if (refused) {
          added.push({
            key,
            name: file.name,
            size: file.size,
            progress: 0,
            status: 'failed',
            error: refused,
          });
          setAnnouncement(t('ui:dropzone.failed', { name: file.name, reason: refused }));
          continue;
        }
        added.push({ key, name: file.name, size: file.size, progress: 0, status: 'uploading' });
        const handle = uploadFile(file, (fraction) => update(key, { progress: Math.round(fraction * 100) }));
        handles.current.set(key, handle);
        handle.promise.then(
          (uploaded) => {
            handles.current.delete(key);
            drop(key);
            const next = [...valueRef.current, uploaded];
            valueRef.current = next;
            onChangeRef.current(next);
            setAnnouncement(t('ui:dropzone.done', { name: uploaded.filename }));
          },
          (error: unknown) => {
            handles.current.delete(key);
            if (error instanceof DOMException && error.name === 'AbortError') {
              drop(key);
              return;
            }
            const words = error instanceof ApiError ? uploadErrorWords(error) : errorMessage(error);
            update(key, { status: 'failed', error: words });
            setAnnouncement(t('ui:dropzone.failed', { name: file.name, reason: words }));
          },
        );
      }
      setInFlight((list) => [...list, ...added]);
      const sending = added.filter((f) => f.status === 'uploading').length;
      if (sending)
        setAnnouncement(
          sending === 1
            ? t('ui:dropzone.sendingOne', { name: added.find((f) => f.status === 'uploading')?.name ?? '' })
            : t('ui:dropzone.sendingMany', { count: sending }),
        );
    },
    [disabled, maxBytes, update, drop, t],
  );

  // Paste: on the zone, and anywhere in the surrounding form when one is given (listened to once).
  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const files = Array.from(event.clipboardData?.files ?? []);
      if (disabled || files.length === 0) return;
      event.preventDefault();
      addFiles(namedForUpload(files, timeZone));
    };
    const zone = zoneRef.current;
    const outer = pasteTarget?.current ?? null;
    const targets = outer && zone && outer.contains(zone) ? [outer] : [zone, outer];
    for (const target of targets) target?.addEventListener('paste', onPaste);
    return () => {
      for (const target of targets) target?.removeEventListener('paste', onPaste);
    };
  }, [addFiles, disabled, pasteTarget, timeZone]);

  const hasFiles = (event: DragEvent) => Array.from(event.dataTransfer?.types ?? []).includes('Files');
  const onDragOver = (event: DragEvent<HTMLDivElement>) => {
    if (disabled || !hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };
  const onDragLeave = (event: DragEvent<HTMLDivElement>) => {
    if (event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget)) return;
    setDragging(false);
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    setDragging(false);
    if (disabled || !hasFiles(event)) return;
    event.preventDefault();
    addFiles(Array.from(event.dataTransfer.files));
  };

  const remove = (upload: UploadResponse) => {
    const next = valueRef.current.filter((u) => u.id !== upload.id);
    valueRef.current = next;
    onChangeRef.current(next);
    void discardUpload(upload.id);
    setAnnouncement(t('ui:dropzone.removed', { name: upload.filename }));
  };
  const cancel = (file: InFlight) => {
    handles.current.get(file.key)?.abort();
    handles.current.delete(file.key);
    drop(file.key);
    setAnnouncement(
      file.status === 'uploading'
        ? t('ui:dropzone.cancelled', { name: file.name })
        : t('ui:dropzone.dismissed', { name: file.name }),
    );
  };

  return (
    <Stack gap={6} data-testid="attachment-dropzone">
      <Text id={labelId} size="sm" fw={500}>
        {label}
      </Text>
      <Box
        ref={zoneRef}
        role="group"
        aria-labelledby={labelId}
        aria-describedby={hintId}
        aria-disabled={disabled || undefined}
        tabIndex={disabled ? -1 : 0}
        className="portico-dropzone mantine-focus-auto"
        data-dragging={dragging || undefined}
        data-disabled={disabled || undefined}
        onDragEnter={onDragOver}
        onDragOver={onDragOver}
        onDragLeave={onDragLeave}
        onDrop={onDrop}
      >
        <Group justify="space-between" gap="sm" wrap="wrap">
          <Text
            id={hintId}
            size="sm"
            c={dragging ? undefined : 'dimmed'}
            fw={dragging ? 600 : undefined}
            style={{ flex: '1 1 220px' }}
          >
            {dragging
              ? t('ui:dropzone.dropHere')
              : t('ui:dropzone.hint', { limit: format.fileSize(maxBytes) })}
          </Text>
          <FileButton
            multiple
            resetRef={resetRef}
            disabled={disabled}
            onChange={(files) => {
              addFiles(files);
              resetRef.current?.();
            }}
          >
            {(props) => (
              <Button {...props} variant="default" size="xs" disabled={disabled} data-testid="choose-files">
                {t('ui:dropzone.choose')}
              </Button>
            )}
          </FileButton>
        </Group>
      </Box>

      {value.length > 0 || inFlight.length > 0 ? (
        <ul className="portico-attachment-list" aria-label={t('ui:dropzone.files', { label })}>
          {value.map((upload) => (
            <li key={`u${upload.id}`} className="portico-attachment-item" data-testid="upload-done">
              <Group gap="sm" wrap="nowrap" align="center">
                <FileBadge attachment={upload} />
                <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
                  <Text size="sm" className="portico-attachment-name" dir="auto">
                    {upload.filename}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t('ui:dropzone.uploadedLine', { size: format.fileSize(upload.sizeBytes) })}
                  </Text>
                </Stack>
                <CloseButton
                  aria-label={t('ui:dropzone.remove', { name: upload.filename })}
                  title={t('ui:dropzone.remove', { name: upload.filename })}
                  disabled={disabled}
                  onClick={() => remove(upload)}
                />
              </Group>
            </li>
          ))}
          {inFlight.map((file) => (
            <li
              key={`f${file.key}`}
              className="portico-attachment-item"
              data-testid={file.status === 'failed' ? 'upload-failed' : 'upload-progress'}
            >
              <Group gap="sm" wrap="nowrap" align="flex-start">
                <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
                  <Text size="sm" className="portico-attachment-name" dir="auto">
                    {file.name}
                  </Text>
                  {file.status === 'uploading' ? (
                    <>
                      <Progress
                        value={file.progress}
                        size="sm"
                        aria-label={t('ui:dropzone.uploadingName', { name: file.name })}
                        animated={file.progress < 100}
                      />
                      <Text size="xs" c="dimmed">
                        {t('ui:dropzone.progress', {
                          progress: String(file.progress),
                          size: format.fileSize(file.size),
                        })}
                      </Text>
                    </>
                  ) : (
                    <Text size="xs" c="red" fw={500}>
                      {t('ui:dropzone.notUploaded', { reason: file.error ?? '' })}
                    </Text>
                  )}
                </Stack>
                <CloseButton
                  aria-label={
                    file.status === 'uploading'
                      ? t('ui:dropzone.cancelName', { name: file.name })
                      : t('ui:dropzone.dismissName', { name: file.name })
                  }
                  title={file.status === 'uploading' ? t('ui:dropzone.cancel') : t('ui:dropzone.dismiss')}
                  onClick={() => cancel(file)}
                />
              </Group>
            </li>
          ))}
        </ul>
      ) : null}
      <VisuallyHidden aria-live="polite" aria-atomic="true" data-testid="upload-status">
        {announcement}
      </VisuallyHidden>
    </Stack>
  );
}

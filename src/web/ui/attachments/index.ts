export { AttachmentDropzone, type AttachmentDropzoneProps } from './attachment-dropzone.tsx';
export { AttachmentList, type AttachmentListProps, FileBadge } from './attachment-list.tsx';
export { AttachmentsError, UploadsWaiting } from './form-notes.tsx';
export type { UploadResponse } from './upload.ts';

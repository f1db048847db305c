import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { assertStorageKey, newStorageKey, type Storage } from './storage.ts';

export interface S3StorageOptions {
  bucket: string;
  region: string;
  /** An S3-compatible endpoint (MinIO, Ceph, R2, …); omitted for AWS S3 itself. */
  endpoint?: string | null;
  /** Both or neither; neither uses the SDK's default credential chain (instance roles and so on). */
  accessKeyId?: string | null;
  secretAccessKey?: string | null;
  /** `https://endpoint/bucket/key` instead of `https://bucket.endpoint/key` (most self-hosted servers). */
  forcePathStyle?: boolean;
  /**
   * A streamed upload larger than this is sent as a multipart upload in parts of this size, so no more
   * than one part is held in memory. S3 requires parts of at least 5 MiB (except the last).
   */
  partBytes?: number;
  log?: { warn(obj: object, msg: string): void };
}

const MIN_PART_BYTES = 5 * 1024 * 1024;

function isMissing(error: unknown): boolean {
  const e = error as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } } | null;
  return (
    e?.name === 'NoSuchKey' ||
    e?.name === 'NotFound' ||
    e?.Code === 'NoSuchKey' ||
    e?.$metadata?.httpStatusCode === 404
  );
}

/**
 * The AWS SDK v3 warns once per process that its releases after early 2027 need Node 22. The SDK's
 * own switch for that notice is AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true (read when a
 * client is built); it is set here only when the operator has not set it either way.
 */
function quietNodeVersionNotice(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

/**
 * Files in an S3-compatible bucket. Keys are generated here as in the local adapter (never from a
 * user-supplied name). Streamed uploads go up in bounded parts; a failed upload leaves nothing behind
 * (the multipart upload is aborted; a bucket lifecycle rule for incomplete uploads is the backstop on
 * servers that cannot abort, see docs/deployment.md).
 */
/**
 * The AWS SDK is loaded when object storage is configured, not with the app: it holds tens of
 * megabytes that a server on local disk would carry for nothing.
 */
function loadSdk(): typeof import('@aws-sdk/client-s3') {
  return createRequire(import.meta.url)('@aws-sdk/client-s3');
}

export function s3Storage(options: S3StorageOptions): Storage & { client: S3Client } {
  const {
    AbortMultipartUploadCommand,
    CompleteMultipartUploadCommand,
    CreateMultipartUploadCommand,
    DeleteObjectCommand,
    GetObjectCommand,
    PutObjectCommand,
    S3Client,
    UploadPartCommand,
  } = loadSdk();
  quietNodeVersionNotice();
  const { bucket } = options;
  const partBytes = Math.max(MIN_PART_BYTES, options.partBytes ?? 8 * 1024 * 1024);
  const config: S3ClientConfig = {
    region: options.region,
    forcePathStyle: options.forcePathStyle ?? false,
    // Checksums on every request are an AWS feature that many S3-compatible servers refuse.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.accessKeyId && options.secretAccessKey
      ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
      : {}),
  };
  const client = new S3Client(config);

  async function putBuffer(key: string, data: Buffer): Promise<void> {
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: data,
        ContentLength: data.length,
        ContentType: 'application/octet-stream',
      }),
    );
  }

  async function upload(key: string, source: Readable): Promise<void> {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let uploadId: string | null = null;
    const parts: { ETag: string; PartNumber: number }[] = [];

    const sendPart = async (data: Buffer) => {
      if (uploadId === null) {
        const created = await client.send(
          new CreateMultipartUploadCommand({
            Bucket: bucket,
            Key: key,
            ContentType: 'application/octet-stream',
          }),
        );
        if (!created.UploadId) throw new Error('The object store did not start a multipart upload');
        uploadId = created.UploadId;
      }
      const PartNumber = parts.length + 1;
      const sent = await client.send(
        new UploadPartCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          PartNumber,
          Body: data,
          ContentLength: data.length,
        }),
      );
      parts.push({ ETag: sent.ETag ?? '', PartNumber });
    };

    try {
      // Reading pauses while a part is sent, so the source is back-pressured, never buffered whole.
      for await (const chunk of source) {
        const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
        pending.push(buf);
        pendingBytes += buf.length;
        while (pendingBytes >= partBytes) {
          const all = Buffer.concat(pending);
          await sendPart(all.subarray(0, partBytes));
          const rest = all.subarray(partBytes);
          pending = rest.length ? [rest] : [];
          pendingBytes = rest.length;
        }
      }
      const last = Buffer.concat(pending);
      if (uploadId === null) {
        await putBuffer(key, last);
        return;
      }
      if (last.length) await sendPart(last);
      await client.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts },
        }),
      );
    } catch (error) {
      if (uploadId !== null) {
        await client
          .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }))
          .catch((err: unknown) =>
            options.log?.warn(
              { err: err instanceof Error ? err.message : String(err) },
              'could not abort an unfinished multipart upload; a bucket lifecycle rule removes it',
            ),
          );
      }
      throw error;
    }
  }

  return {
    client,
    async put(prefix, data) {
      const key = newStorageKey(prefix);
      await putBuffer(key, data);
      return key;
    },
    async get(key) {
      assertStorageKey(key);
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (!out.Body) return null;
        return Buffer.from(await out.Body.transformToByteArray());
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    async delete(key) {
      assertStorageKey(key);
      // Deleting a missing object succeeds in S3, as `rm --force` does locally.
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    async putStream(prefix, source) {
      const key = newStorageKey(prefix);
      try {
        await upload(key, source);
      } catch (error) {
        // The source stream's own error (for example a size limit) is what the caller needs to see.
        if (!source.destroyed) source.destroy();
        throw error;
      }
      return key;
    },
    async getStream(key) {
      assertStorageKey(key);
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (!out.Body) return null;
        return { stream: out.Body as Readable, size: Number(out.ContentLength ?? 0) };
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    async close() {
      client.destroy();
    },
  };
}

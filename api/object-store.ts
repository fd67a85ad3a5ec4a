/**
 * Documents in S3/MinIO: streamed uploads with bounded memory, deletion, and short-lived download URLs.
 */
import { Readable } from 'node:stream';
import { Client as MinioClient } from 'minio';
import type { S3Settings } from '../services/index.js';

/** S3's smallest multipart part: at most this much of one upload is held in memory. */
const PART_SIZE = 5 * 1024 * 1024;

export interface ObjectStore {
  bucket: string;
  client: MinioClient;
  /** Stores a stream without buffering it whole: small bodies go in one PUT, larger ones as 5 MiB parts. */
  put(key: string, body: Readable, contentType: string): Promise<void>;
  remove(keys: string[]): Promise<void>;
  /** A GET URL valid for `seconds`, naming the file for the browser. */
  presign(key: string, filename: string, contentType: string, seconds?: number): Promise<string>;
}

export function createObjectStore(s3: S3Settings): ObjectStore {
  const url = new URL(s3.endpoint);
  const client = new MinioClient({
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80,
    useSSL: url.protocol === 'https:',
    accessKey: s3.accessKey,
    secretKey: s3.secretKey,
    region: s3.region,
    partSize: PART_SIZE,
  });
  return {
    bucket: s3.bucket,
    client,
    async put(key, body, contentType) {
      const meta = { 'Content-Type': contentType };
      const it = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      const head: Buffer[] = [];
      let size = 0;
      while (size <= PART_SIZE) {
        const r = await it.next();
        if (r.done) {
          await client.putObject(s3.bucket, key, Buffer.concat(head, size), size, meta);
          return;
        }
        head.push(r.value);
        size += r.value.length;
      }
      // Larger than one part: hand minio the rest as a stream; it uploads 5 MiB parts as they fill.
      const rest = Readable.from(
        (async function* () {
          yield* head;
          head.length = 0;
          for (;;) {
            const r = await it.next();
            if (r.done) return;
            yield r.value;
          }
        })(),
      );
      await client.putObject(s3.bucket, key, rest, undefined, meta);
    },
    async remove(keys) {
      if (keys.length === 0) return;
      await client.removeObjects(s3.bucket, keys);
    },
    async presign(key, filename, contentType, seconds = 300) {
      return client.presignedGetObject(s3.bucket, key, seconds, {
        'response-content-type': contentType,
        'response-content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`,
      });
    },
  };
}

/**
 * How every motcua process connects to Temporal: the address, and for an external cluster its TLS and API key
 * (config.temporal.tls / apiKey). One place, so the API, the workers, start-up checks and the supervision scan all
 * reach Temporal Cloud or a TLS cluster the same way.
 */
import fs from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import type { Config } from '../config/index.js';
import { StartupError } from './errors.js';

export interface TemporalConnectOptions {
  address: string;
  tls?: TLSConfig;
  apiKey?: string;
}

function read(file: string, variable: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new StartupError(
      'temporal',
      `không đọc được ${variable}=${file} / cannot read ${variable}=${file}: ${(err as Error).message}`,
      `kiểm tra đường dẫn tệp trong ${variable} / check the file path in ${variable}`,
    );
  }
}

/** Options for Connection.connect and NativeConnection.connect. */
export function temporalConnectOptions(
  t: Pick<Config['temporal'], 'address' | 'tls' | 'apiKey'>,
): TemporalConnectOptions {
  const options: TemporalConnectOptions = { address: t.address };
  if (t.tls) {
    const tls: TLSConfig = {};
    if (t.tls.serverName) tls.serverNameOverride = t.tls.serverName;
    if (t.tls.caFile) tls.serverRootCACertificate = read(t.tls.caFile, 'TEMPORAL_TLS_CA');
    if (t.tls.certFile && t.tls.keyFile) {
      tls.clientCertPair = {
        crt: read(t.tls.certFile, 'TEMPORAL_TLS_CERT'),
        key: read(t.tls.keyFile, 'TEMPORAL_TLS_KEY'),
      };
    }
    options.tls = tls;
  }
  if (t.apiKey) options.apiKey = t.apiKey;
  return options;
}

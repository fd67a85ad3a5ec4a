/**
 * Serves the built console (dist/console/) on 127.0.0.1 with a random port, behind the same security headers as
 * the API (helmet's defaults, among them a strict Content-Security-Policy), so a console that works here works
 * when the API serves it. Used by browser tests that need no API.
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import helmet from 'helmet';
import { repoRoot } from '../../../config/index.js';

export const CONSOLE_DIR = path.join(repoRoot, 'dist', 'console');

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

export async function serveConsole(): Promise<StaticServer> {
  if (!fs.existsSync(path.join(CONSOLE_DIR, 'app.js'))) {
    throw new Error(
      `dist/console/ chưa được build: chạy \`node dist/scripts/build-console.js\` / ` +
        'dist/console/ is not built: run `node dist/scripts/build-console.js` (npm test does it)',
    );
  }
  const app = express();
  app.use(helmet());
  app.use(express.static(CONSOLE_DIR, { index: 'index.html' }));
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

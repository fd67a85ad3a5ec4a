/**
 * The Go-built servers motcua runs when no external ones are configured. Versions are pinned here; each is built
 * once with `go install` into the project's tools folder and reused while its version stamp matches.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { StartupError } from './errors.js';

export interface GoTool {
  name: string;
  module: string;
  /** Pinned version. Temporal CLI tags after v1.5.1 carry a replace directive and cannot be `go install`ed. */
  version: string;
}

export const TOOLS = {
  temporal: { name: 'temporal', module: 'github.com/temporalio/cli/cmd/temporal', version: 'v1.5.1' },
  // The MinIO community server gets no more tagged releases: pin the module revision (2026-02-12).
  minio: { name: 'minio', module: 'github.com/minio/minio', version: 'v0.0.0-20260212201848-7aac2a2c5b7c' },
} as const satisfies Record<string, GoTool>;

export function toolPath(toolsDir: string, tool: GoTool): string {
  return path.join(toolsDir, 'bin', tool.name);
}

function installedVersion(toolsDir: string, tool: GoTool): string | undefined {
  const stamp = toolPath(toolsDir, tool) + '.version';
  if (!fs.existsSync(toolPath(toolsDir, tool)) || !fs.existsSync(stamp)) return undefined;
  return fs.readFileSync(stamp, 'utf8').trim();
}

function goBinary(): string | undefined {
  // GO names the toolchain explicitly (and lets tests simulate a machine without one).
  const candidates = process.env.GO ? [process.env.GO] : ['go', '/usr/local/go/bin/go'];
  for (const candidate of candidates) {
    const r = spawnSync(candidate, ['version'], { encoding: 'utf8' });
    if (r.status === 0) return candidate;
  }
  return undefined;
}

/** Builds the tool if missing or of another version; returns its path. `progress` gets a line now and then. */
export async function ensureTool(
  toolsDir: string,
  tool: GoTool,
  progress: (line: string) => void,
): Promise<string> {
  const target = toolPath(toolsDir, tool);
  if (installedVersion(toolsDir, tool) === `${tool.module}@${tool.version}`) return target;
  const go = goBinary();
  if (!go) {
    throw new StartupError(
      tool.name,
      `cần Go để dựng ${tool.name} nhưng không thấy lệnh go / Go is needed to build ${tool.name} but was not found`,
      `cài Go ≥ 1.24 (https://go.dev/doc/install, hoặc apt-get install golang) hay trỏ tới máy chủ có sẵn bằng ` +
        `${tool.name === 'temporal' ? 'TEMPORAL_ADDRESS' : 'S3_ENDPOINT'} / install Go ≥ 1.24 or point ` +
        `${tool.name === 'temporal' ? 'TEMPORAL_ADDRESS' : 'S3_ENDPOINT'} at an existing server`,
    );
  }
  fs.mkdirSync(path.join(toolsDir, 'tmp'), { recursive: true });
  const staging = fs.mkdtempSync(path.join(toolsDir, 'tmp', `${tool.name}-`));
  const started = Date.now();
  progress(`building ${tool.name} ${tool.version} with go install (first run only, a few minutes)...`);
  const logFile = path.join(toolsDir, `${tool.name}-build.log`);
  const code = await new Promise<number>((resolve) => {
    const log = fs.openSync(logFile, 'w');
    const child = spawn(go, ['install', `${tool.module}@${tool.version}`], {
      // A clean cwd: `go install pkg@version` must not see a go.mod of ours.
      cwd: staging,
      env: { ...process.env, GOBIN: staging, GOFLAGS: '-buildvcs=false' },
      stdio: ['ignore', log, log],
    });
    const timer = setInterval(
      () => progress(`  ...still building ${tool.name} (${Math.round((Date.now() - started) / 1000)} s)`),
      30_000,
    );
    child.on('exit', (c) => {
      clearInterval(timer);
      fs.closeSync(log);
      resolve(c ?? 1);
    });
    child.on('error', () => resolve(1));
  });
  const built = path.join(staging, tool.name);
  if (code !== 0 || !fs.existsSync(built)) {
    fs.rmSync(staging, { recursive: true, force: true });
    const lastLines = fs.existsSync(logFile)
      ? fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-3).join(' | ')
      : '';
    throw new StartupError(
      tool.name,
      `go install ${tool.module}@${tool.version} thất bại / failed: ${lastLines}`,
      `xem / see ${logFile}; cần mạng tới Go module proxy / needs access to the Go module proxy`,
    );
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.renameSync(built, target);
  fs.writeFileSync(target + '.version', `${tool.module}@${tool.version}\n`);
  fs.rmSync(staging, { recursive: true, force: true });
  progress(`built ${tool.name} in ${Math.round((Date.now() - started) / 1000)} s → ${target}`);
  return target;
}

import { execFile, spawn, spawnSync } from 'node:child_process';

/**
 * ffprobe and ffmpeg, when installed: optional components. Vault operations degrade without
 * them (with a note saying what was not read), never fail.
 */
export interface MediaTools {
  ffprobe: string | null;
  ffmpeg: string | null;
}

const cache = new Map<string, string | null>();

function locate(binary: string): string | null {
  if (cache.has(binary)) return cache.get(binary)!;
  let found: string | null = null;
  try {
    const r = spawnSync(binary, ['-version'], { stdio: 'ignore', timeout: 10_000 });
    found = r.status === 0 ? binary : null;
  } catch {
    found = null;
  }
  cache.set(binary, found);
  return found;
}

/** The tools on PATH (looked up once per process). */
export function findMediaTools(): MediaTools {
  return { ffprobe: locate('ffprobe'), ffmpeg: locate('ffmpeg') };
}

export const NO_MEDIA_TOOLS: MediaTools = { ffprobe: null, ffmpeg: null };

/** ffprobe's JSON for a file, or the reason it could not read it. */
export function ffprobeJson(
  ffprobe: string,
  path: string,
): Promise<{ ok: true; value: Record<string, unknown> } | { ok: false; reason: string }> {
  return new Promise((resolve) => {
    execFile(
      ffprobe,
      ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '--', path],
      { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          const why = (stderr || error.message).trim().split('\n').pop() ?? 'unknown error';
          resolve({ ok: false, reason: why.replace(`${path}: `, '') });
          return;
        }
        try {
          resolve({ ok: true, value: JSON.parse(stdout) as Record<string, unknown> });
        } catch {
          resolve({ ok: false, reason: 'ffprobe printed something that is not JSON' });
        }
      },
    );
  });
}

/**
 * Up to `max` key frames of a video, each scaled to `side`×`side` 8-bit grey, concatenated.
 * Only key frames are decoded (-skip_frame nokey), so this stays fast on long videos.
 */
export function keyFramesGrey(
  ffmpeg: string,
  path: string,
  side: number,
  max: number,
): Promise<{ ok: true; frames: Buffer[] } | { ok: false; reason: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      ffmpeg,
      [
        '-v',
        'error',
        '-nostdin',
        '-skip_frame',
        'nokey',
        '-i',
        path,
        '-vf',
        `scale=${side}:${side}:flags=area,format=gray`,
        '-fps_mode',
        'passthrough',
        '-frames:v',
        String(max),
        '-f',
        'rawvideo',
        'pipe:1',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const chunks: Buffer[] = [];
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 4096) stderr += d.toString();
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, reason: error.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const all = Buffer.concat(chunks);
      const frame = side * side;
      const frames: Buffer[] = [];
      for (let i = 0; i + frame <= all.length; i += frame) frames.push(all.subarray(i, i + frame));
      if (frames.length === 0) {
        const why = stderr.trim().split('\n').pop() || `ffmpeg exited with code ${code}`;
        resolve({ ok: false, reason: why.replace(`${path}: `, '') });
        return;
      }
      resolve({ ok: true, frames });
    });
  });
}

/** One JPEG frame of a video (its first key frame), scaled to fit `width`, for a thumbnail. */
export function posterFrame(ffmpeg: string, path: string, width: number): Promise<Buffer | null> {
  return new Promise((resolve) => {
    execFile(
      ffmpeg,
      [
        '-v',
        'error',
        '-nostdin',
        '-skip_frame',
        'nokey',
        '-i',
        path,
        '-vf',
        `scale='min(${width},iw)':-2`,
        '-frames:v',
        '1',
        '-f',
        'image2',
        '-c:v',
        'mjpeg',
        'pipe:1',
      ],
      { encoding: 'buffer', timeout: 60_000, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout) => resolve(error || stdout.length === 0 ? null : stdout),
    );
  });
}

import type { FastifyInstance } from 'fastify';

/**
 * The dashboard's Content Security Policy: everything from this server only. MapLibre draws
 * with WebGL and runs its workers from blob: URLs; styles it sets through the CSSOM need no
 * 'unsafe-inline'. No fonts, no frames, no plug-ins, no forms posting elsewhere.
 */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "child-src 'self' blob:",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const HEADERS: Record<string, string> = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  'x-permitted-cross-domain-policies': 'none',
};

/** Adds the security headers to every reply; API replies are never cached by intermediaries. */
export function installSecurityHeaders(server: FastifyInstance, https: boolean): void {
  server.addHook('onSend', async (req, reply, payload) => {
    for (const [name, value] of Object.entries(HEADERS)) reply.header(name, value);
    if (https) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (req.url.startsWith('/api/') && !reply.getHeader('cache-control')) {
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });
}

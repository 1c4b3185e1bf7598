import type { FastifyError, FastifyInstance } from 'fastify';
import {
  AuthError,
  ConfigError,
  ConflictError,
  InputError,
  IntegrityError,
  NotFoundError,
  UsageError,
  VigilError,
} from '../errors.ts';
import { MediaTypeError } from './define-route.ts';

/** The body of every error reply: a code and one clear line, never a stack or a value echoed. */
export interface ErrorBody {
  error: { code: string; message: string };
}

export interface HttpError {
  status: number;
  body: ErrorBody;
}

/**
 * Fastify's and its plugins' own client errors, with messages of ours (theirs can quote the
 * request, which may hold sensitive words, and are not written for people).
 */
const FASTIFY_MESSAGES: Record<string, [number, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    415,
    'unsupported Content-Type: send application/json (or multipart/form-data for uploads)',
  ],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'request body too large'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'empty JSON body: send a JSON object'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'malformed JSON body'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'Content-Length does not match the body'],
  FST_ERR_CTP_EMPTY_TYPE: [415, 'empty Content-Type'],
  FST_ERR_CTP_INVALID_TYPE: [415, 'invalid Content-Type'],
  FST_REQ_FILE_TOO_LARGE: [413, 'file too large: it is over the upload limit'],
  FST_PARTS_LIMIT: [413, 'too many parts in the multipart body'],
  FST_FILES_LIMIT: [413, 'too many files in one upload'],
  FST_FIELDS_LIMIT: [413, 'too many fields in the multipart body'],
  FST_PROTO_VIOLATION: [400, 'forbidden field name in the multipart body'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [415, 'send multipart/form-data to this route'],
  FST_ERR_BAD_URL: [400, 'malformed URL'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'bad request'],
};

/** The one mapping from errors to HTTP statuses (docs/api.md lists it). */
export function toHttpError(error: unknown): HttpError {
  const reply = (status: number, code: string, message: string): HttpError => ({
    status,
    body: { error: { code, message } },
  });
  if (error instanceof MediaTypeError) return reply(415, 'media-type', error.message);
  if (error instanceof UsageError || error instanceof InputError)
    return reply(400, error.code, error.message);
  if (error instanceof AuthError) return reply(error.status, 'auth', error.message);
  if (error instanceof NotFoundError) return reply(404, error.code, error.message);
  if (error instanceof ConflictError) return reply(409, error.code, error.message);
  if (error instanceof IntegrityError || error instanceof ConfigError) {
    return reply(500, 'internal', 'internal error');
  }
  if (error instanceof VigilError) return reply(500, 'internal', 'internal error');
  const e = error as Partial<FastifyError> & { status?: number };
  const known = e.code ? FASTIFY_MESSAGES[e.code] : undefined;
  if (known) return reply(known[0], 'request', known[1]);
  if (error instanceof SyntaxError && (e.statusCode === 400 || e.status === 400)) {
    return reply(400, 'request', 'malformed JSON body');
  }
  const status = e.statusCode ?? e.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 429) return reply(429, 'rate-limit', 'too many requests: wait a minute and try again');
    return reply(status, 'request', statusText(status));
  }
  return reply(500, 'internal', 'internal error');
}

function statusText(status: number): string {
  const texts: Record<number, string> = {
    400: 'bad request',
    404: 'not found',
    405: 'method not allowed',
    406: 'not acceptable',
    408: 'request timed out',
    413: 'request body too large',
    414: 'URL too long',
    415: 'unsupported Content-Type',
    431: 'request headers too large',
  };
  return texts[status] ?? 'bad request';
}

/**
 * Installs the handler. Internal errors are logged by name and route only (their messages can
 * quote stored values); with `debug` the stack goes to the log as well.
 */
export function installErrorHandler(
  server: FastifyInstance,
  log: (line: string) => void,
  debug: boolean,
): void {
  server.setErrorHandler((error, req, reply) => {
    const http = toHttpError(error);
    if (http.status >= 500) {
      const route = req.routeOptions?.url ?? 'unknown route';
      log(`internal error (${(error as Error)?.name ?? 'Error'}) on ${req.method} ${route}`);
      if (debug && error instanceof Error && error.stack) log(error.stack);
    }
    if (http.status === 429 && !reply.getHeader('retry-after')) reply.header('retry-after', '60');
    return reply.status(http.status).type('application/json; charset=utf-8').send(http.body);
  });
  server.setNotFoundHandler((req, reply) => {
    const http = { error: { code: 'not-found', message: `no route ${req.method} at this path` } };
    return reply.status(404).type('application/json; charset=utf-8').send(http);
  });
}

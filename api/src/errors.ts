// One error family for the api, mapped to HTTP once, in the error handler below.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message?: string,
  ) {
    super(message ?? code);
    this.name = 'AppError';
  }
}

export const notFound = (what = 'resource') => new AppError('not_found', 404, `${what} not found`);
export const forbidden = (message = 'You do not have permission to do this') =>
  new AppError('forbidden', 403, message);

export interface FieldError {
  path: string;
  message: string;
}

/** The error body every failing route answers with. */
export interface ErrorBody {
  code: string;
  message: string;
  fields?: FieldError[];
}

function validationBody(error: FastifyError & { validationContext?: string }): ErrorBody {
  const context = error.validationContext ?? 'body';
  const fields = (error.validation ?? []).map((v) => {
    const sub = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
    return { path: sub ? `${context}.${sub}` : context, message: v.message ?? 'Invalid value' };
  });
  return { code: 'validation_failed', message: 'Invalid request', fields };
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (hasZodFastifySchemaValidationErrors(error)) {
    reply.status(400).send(validationBody(error));
    return;
  }
  if (error instanceof AppError) {
    reply.status(error.status).send({ code: error.code, message: error.message });
    return;
  }
  const status = error.statusCode ?? 500;
  if (status < 500) {
    const code = status === 429 ? 'rate_limited' : (error.code ?? 'bad_request').toLowerCase();
    reply.status(status).send({ code, message: error.message });
    return;
  }
  // 5xx: log everything, tell the client nothing about internals.
  request.log.error({ err: error }, 'request failed');
  reply.status(500).send({ code: 'internal', message: 'Internal server error' });
}

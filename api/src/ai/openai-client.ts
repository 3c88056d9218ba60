// The OpenAI client, or null when no key is configured (AI features then answer 503 with a clear message).
import OpenAI from 'openai';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';

export function openaiFromConfig(c: Config): OpenAI | null {
  if (!c.OPENAI_API_KEY) return null;
  return new OpenAI({ apiKey: c.OPENAI_API_KEY, baseURL: c.OPENAI_BASE_URL, maxRetries: c.OPENAI_MAX_RETRIES, timeout: 120_000 });
}

export function requireAi(client: OpenAI | null): OpenAI {
  if (!client) throw new AppError('ai_disabled', 503, 'AI features are turned off on this server (no OPENAI_API_KEY)');
  return client;
}

/** Upstream failures become one 502 that says nothing about the provider's internals. */
export function aiFailed(): AppError {
  return new AppError('ai_failed', 502, 'The AI service failed; try again');
}

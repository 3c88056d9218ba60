// Writes one benchmark's figures to load-tests/results/<name>.json, with the machine and the date,
// so anyone can read and compare runs. Headline figures (ratio, p99Ms, ...) sit at the top level.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'results');

export interface MachineInfo {
  cpus: number;
  model: string;
  /** Total memory in bytes. */
  memory: number;
  node: string;
  kernel: string;
  platform: string;
  arch: string;
}

export interface ResultInput {
  /** What the figures are compared with, measured in the same run (or the target when there is none). */
  baseline: string | Record<string, unknown>;
  /** Headline figures, e.g. { ratio: 0.42, p99Ms: 7.1 }; `null` when a figure could not be measured. */
  figures: Record<string, number | null>;
  /** Everything measured, for anyone who wants to recompute the headline. */
  raw: unknown;
  /** The command that reproduces the run. */
  command?: string;
  /** The targets the issue sets, for the reader (e.g. { ratio: '>= 0.3', p99Ms: '< 20' }). */
  targets?: Record<string, string>;
  notes?: string[];
}

export interface ResultFile extends Record<string, unknown> {
  name: string;
  date: string;
  machine: MachineInfo;
  baseline: ResultInput['baseline'];
  raw: unknown;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    model: cpus[0]?.model.trim() ?? 'unknown',
    memory: os.totalmem(),
    node: process.version,
    kernel: os.release(),
    platform: process.platform,
    arch: process.arch,
  };
}

/** The JSON document for one benchmark (figures first, so a reader sees them at the top). */
export function buildResult(name: string, input: ResultInput, now = new Date()): ResultFile {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`bad result name "${name}": use kebab-case`);
  return {
    name,
    date: now.toISOString(),
    ...input.figures,
    ...(input.targets ? { targets: input.targets } : {}),
    baseline: input.baseline,
    machine: machineInfo(),
    ...(input.command ? { command: input.command } : {}),
    ...(input.notes?.length ? { notes: input.notes } : {}),
    raw: input.raw,
  };
}

/** Writes `<dir>/<name>.json` atomically (a half-written file never replaces a good one) and returns its path. */
export function writeResult(name: string, input: ResultInput, dir = process.env.COOPE_RESULTS_DIR ?? RESULTS_DIR): string {
  const doc = buildResult(name, input);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(doc, null, 2)}\n`);
  renameSync(tmp, file);
  return file;
}

export function readResult(name: string, dir = process.env.COOPE_RESULTS_DIR ?? RESULTS_DIR): ResultFile | null {
  try {
    return JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8')) as ResultFile;
  } catch {
    return null;
  }
}

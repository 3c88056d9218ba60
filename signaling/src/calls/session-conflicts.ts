// Multi-device sessions: when a user joins a call they are already in, the device in the call is asked
// (`session-conflict`) whether to keep the call there or move it here. The waiting join may be on
// another node than the answering device, so the answer travels over the cluster bus.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { socketRooms } from '../ids.js';
import type { SignalingKeys } from '../keys.js';
import type { ClusterBus } from '../transport/cluster-bus.js';

export type ConflictChoice = 'keep' | 'move';

const storedConflictSchema = z.object({ roomId: z.string(), userId: z.string(), oldPeerId: z.string() });
type StoredConflict = z.infer<typeof storedConflictSchema>;

export class SessionConflicts {
  readonly #waiting = new Map<string, (choice: ConflictChoice) => void>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: SignalingKeys,
    private readonly bus: ClusterBus,
    private readonly timeoutMs: number,
  ) {
    bus.on('conflict-resolved', ({ conflictId, choice }) => this.#waiting.get(conflictId)?.(choice));
  }

  /** Asks the device of `oldPeerId`; resolves with its answer, or 'timeout'. */
  async ask(c: StoredConflict & { deviceLabel: string | undefined }): Promise<ConflictChoice | 'timeout'> {
    const conflictId = randomBytes(12).toString('base64url');
    const stored: StoredConflict = { roomId: c.roomId, userId: c.userId, oldPeerId: c.oldPeerId };
    await this.redis.set(this.keys.conflict(conflictId), JSON.stringify(stored), 'PX', this.timeoutMs);
    const answer = new Promise<ConflictChoice | 'timeout'>((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), this.timeoutMs);
      this.#waiting.set(conflictId, (choice) => {
        clearTimeout(timer);
        resolve(choice);
      });
    });
    const device = c.deviceLabel === undefined ? {} : { label: c.deviceLabel };
    this.bus.toRoom(socketRooms.peer(c.oldPeerId), 'session-conflict', { conflictId, roomId: c.roomId, device, expiresInMs: this.timeoutMs });
    try {
      return await answer;
    } finally {
      this.#waiting.delete(conflictId);
      this.redis.del(this.keys.conflict(conflictId)).catch(() => {});
    }
  }

  /** The answer from the device in the call; only that user may answer, and only once. */
  async resolve(userId: string, conflictId: string, choice: ConflictChoice): Promise<void> {
    const raw = await this.redis.getdel(this.keys.conflict(conflictId));
    if (!raw) throw new AppError('NOT_FOUND', 'this request has expired');
    const c = storedConflictSchema.safeParse(JSON.parse(raw)).data;
    if (c?.userId !== userId) throw new AppError('FORBIDDEN', 'not your session');
    this.bus.publish('conflict-resolved', { conflictId, choice });
  }
}

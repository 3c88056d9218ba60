// The chaos cluster's own Redis and MariaDB (the repo's Debian binaries, data under results/tmp), which
// the Redis and MariaDB scenarios stop and start again on the same ports and data.
import { randomBytes } from 'node:crypto';
import {
  type DataServiceOptions,
  mysqlUrl,
  type RunningService,
  redisUrl,
  startMariadb,
  startRedis,
} from '../../../deploy/local/src/data-services.js';
import type { PortPlan } from '../../../deploy/local/src/cluster.js';
import { dropDatabase } from '../services/data-services.js';

export class DataStores {
  #redis: RunningService | undefined;
  #mariadb: RunningService | undefined;

  private constructor(readonly options: DataServiceOptions) {}

  static async start(dataDir: string, ports: PortPlan): Promise<DataStores> {
    const stores = new DataStores({
      dataDir,
      redisPort: ports.redis,
      mysqlPort: ports.mysql,
      // A fresh database per run; the MariaDB data folder is kept between runs (initialising it is slow).
      mysqlDatabase: `coope_chaos_${randomBytes(4).toString('hex')}`,
      mysqlUser: 'coope',
      mysqlPassword: 'coope-chaos',
    });
    try {
      await stores.startRedis();
      await stores.startMariadb();
    } catch (err) {
      await stores.stop();
      throw err;
    }
    return stores;
  }

  get redisUrl(): string {
    return redisUrl(this.options);
  }

  get databaseUrl(): string {
    return mysqlUrl(this.options);
  }

  async startRedis(): Promise<void> {
    this.#redis = await startRedis(this.options);
  }

  /** SIGTERM: Redis writes its append-only file and exits, as in a rolling restart. */
  async stopRedis(): Promise<void> {
    await this.#redis?.stop();
    this.#redis = undefined;
  }

  async startMariadb(): Promise<void> {
    this.#mariadb = await startMariadb(this.options);
  }

  async stopMariadb(): Promise<void> {
    await this.#mariadb?.stop();
    this.#mariadb = undefined;
  }

  async stop(): Promise<void> {
    if (this.#mariadb) dropDatabase(this.databaseUrl);
    await this.stopMariadb();
    await this.stopRedis();
  }
}

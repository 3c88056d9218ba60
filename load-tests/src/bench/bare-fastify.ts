// The api benchmark's baseline: Fastify's hello-world with default options, in its own process.
// Prints the port it listens on as `PORT <n>` so the harness can find it.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
console.log(`PORT ${new URL(address).port}`);
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void app.close().then(() => process.exit(0)));

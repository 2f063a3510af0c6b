// The baseline of the verify benchmark: a bare Fastify route with a comparable JSON reply, no database.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
const body = { valid: true, status: 'APPROVED', payloadHash: `0x${'ab'.repeat(32)}`, summary: 'baseline' };
// Same path shape as the SIGMA route, so the client does identical work.
app.get('/api/v1/public/certificates/:id/verify', async () => body);
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`READY ${JSON.stringify({ port: (app.server.address() as { port: number }).port })}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));

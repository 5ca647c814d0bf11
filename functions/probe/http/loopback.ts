// A server of this process on 127.0.0.1 and a direct client to it: the first-use work done before any clock (the
// HTTP warm-up, the engine's rehearsal of the token's chain) sends its requests here, so nothing leaves the machine.
import { createServer, type RequestListener } from 'node:http';
import type { Dispatcher } from 'undici';
import { createDispatcher } from './dispatcher';

/**
 * Serves `handler` on 127.0.0.1 (a port the system picks) for the length of `use`, which is handed the server's origin
 * and a dispatcher built like the real one but never through a proxy; both are closed after, whatever `use` did.
 * Rejects where the machine has no loopback sockets (the caller decides what that costs).
 */
export async function onLoopback<T>(
  handler: RequestListener,
  use: (origin: string, dispatcher: Dispatcher) => Promise<T>,
): Promise<T> {
  const server = createServer(handler);
  // No proxy settings given: a direct connection.
  const dispatcher = createDispatcher();
  try {
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    return await use(`http://127.0.0.1:${port}`, dispatcher);
  } finally {
    await dispatcher.close().catch(() => undefined);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

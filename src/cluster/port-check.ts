import net from "node:net";

/**
 * Listens on HOST:PORT and lets go at once, before any API process is
 * forked: a port in use stops the primary with its listen error (one line,
 * see startupLineOf) instead of failing in every fork, which the primary
 * would replace forever.
 */
export function requirePortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

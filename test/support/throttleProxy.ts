import net from 'node:net';

/**
 * A TCP proxy on loopback that forwards to `targetPort` with the upload direction (client → server) limited
 * to `bytesPerSecond` shared by all connections — a slow office uplink. Tests use it so that work takes long
 * enough to be interrupted at random moments. Downloads pass unthrottled.
 */
export async function startThrottleProxy(targetPort: number, bytesPerSecond: number): Promise<{ port: number; endpoint: string; close(): Promise<void> }> {
  let nextFree = Date.now();
  /** Reserves the wire for `bytes` and returns how long to wait before sending them. */
  const reserve = (bytes: number) => {
    const now = Date.now();
    nextFree = Math.max(nextFree, now) + (bytes / bytesPerSecond) * 1000;
    return Math.max(0, nextFree - now - (bytes / bytesPerSecond) * 1000);
  };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    upstream.pipe(client);
    client.on('data', (chunk: Buffer) => {
      client.pause();
      setTimeout(() => {
        if (upstream.destroyed) return;
        upstream.write(chunk, () => client.resume());
      }, reserve(chunk.length));
    });
    client.on('end', () => upstream.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

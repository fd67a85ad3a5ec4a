/**
 * A TCP proxy that can be cut and restored, to simulate an outage of a server we must not stop (the machine's
 * shared PostgreSQL): `cut()` destroys every open connection and stops listening (new connections are refused,
 * as when the server is down), `restore()` listens again on the same port.
 */
import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** Open client connections right now. */
  readonly open: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(opts: {
  listenPort: number;
  targetPort: number;
  host?: string;
}): Promise<TcpProxy> {
  const host = opts.host ?? '127.0.0.1';
  const sockets = new Set<net.Socket>();
  const onConnection = (client: net.Socket) => {
    const upstream = net.connect({ port: opts.targetPort, host });
    sockets.add(client);
    sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  };
  let server: net.Server | undefined;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer(onConnection);
      s.once('error', reject);
      s.listen(opts.listenPort, host, () => {
        s.off('error', reject);
        server = s;
        resolve();
      });
    });
  const stopListening = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = undefined;
      if (!s) return resolve();
      s.close(() => resolve());
      // close() waits for open connections: destroy them (the outage).
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    });
  await listen();
  return {
    port: opts.listenPort,
    get open() {
      return sockets.size / 2;
    },
    cut: stopListening,
    async restore() {
      if (!server) await listen();
    },
    close: stopListening,
  };
}

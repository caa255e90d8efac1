import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real webhook receiver on 127.0.0.1 that records what it gets and answers as told. */
export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type ReceiverMode = 'ok' | 'fail' | 'hang';

export interface Receiver {
  url: string;
  received: Received[];
  mode: ReceiverMode;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const hanging = new Set<() => void>();
  const receiver: Receiver = { url: '', received: [], mode: 'ok', close: async () => undefined };
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      receiver.received.push({ path: request.url ?? '', headers: request.headers, body });
      if (receiver.mode === 'hang') {
        hanging.add(() => response.destroy());
        return;
      }
      response.statusCode = receiver.mode === 'ok' ? 200 : 500;
      response.end(receiver.mode === 'ok' ? 'thanks' : 'broken');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  receiver.close = async () => {
    for (const end of hanging) end();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return receiver;
}

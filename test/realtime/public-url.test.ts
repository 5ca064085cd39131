/**
 * PUBLIC_URL and the Socket.IO origin gate: behind a proxy the Host an instance sees is not always the
 * public one, so with PUBLIC_URL set that origin, and no longer the one built from Host, is the server's own.
 */
import { useRealtimeHarness } from './harness';

const PUBLIC = 'https://talk.example';
const h = useRealtimeHarness({ PUBLIC_URL: PUBLIC });

test('a handshake from PUBLIC_URL connects; one from the origin its Host would give is refused', async () => {
  const socket = await h().connect({ extraHeaders: { Origin: PUBLIC } });
  expect(socket.connected).toBe(true);
  // Over long-polling the refusal shows its status: 403, from the origin gate.
  const refused = await h().connectRefused({ transports: ['polling'], extraHeaders: { Origin: h().url } });
  expect((refused as Error & { description?: unknown }).description).toBe(403);
});

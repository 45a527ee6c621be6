/**
 * WebRTC gets past the request filter, host-resolver-rules and the CSP (connect-src does not govern ICE): a page
 * script's STUN and TURN attempts must reach nothing. Listeners of our own on 127.0.0.1 count what arrives while
 * the script tries, in Chromium launched as the app is (CHROMIUM_SWITCHES + the WebRTC policy), and in two
 * controls that prove the listeners would see the traffic: plain Chromium, and the policy without the proxy.
 */
import dgram from 'node:dgram';
import { rmSync } from 'node:fs';
import net from 'node:net';
import { chromium, type Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumPath, closeBrowser, launchApp, profileWithAppPolicy, TEST_CHROMIUM_ARGS } from './harness/app';

interface Listeners {
  readonly udpPort: number;
  readonly tcpPort: number;
  /** UDP datagrams received (STUN binding requests, TURN allocations over UDP). */
  readonly udp: () => number;
  /** TCP connections accepted (TURN over TCP). */
  readonly tcp: () => number;
  close(): Promise<void>;
}

async function listen(): Promise<Listeners> {
  let udp = 0;
  let tcp = 0;
  const socket = dgram.createSocket('udp4');
  socket.on('message', () => (udp += 1));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const server = net.createServer((s) => {
    tcp += 1;
    s.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const tcpAddress = server.address();
  if (tcpAddress === null || typeof tcpAddress === 'string') throw new Error('no TCP port');
  return {
    udpPort: socket.address().port,
    tcpPort: tcpAddress.port,
    udp: () => udp,
    tcp: () => tcp,
    close: async () => {
      socket.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

interface Attempt {
  readonly candidates: string[];
  readonly udp: number;
  readonly tcp: number;
}

/** A page script asks for STUN, TURN/UDP and TURN/TCP candidates for ~2.5 s; returns what the listeners saw. */
async function tryWebRtc(page: Page): Promise<Attempt> {
  const l = await listen();
  try {
    const candidates = await page.evaluate(
      async ({ udpPort, tcpPort }) => {
        const pc = new RTCPeerConnection({
          iceServers: [
            { urls: `stun:127.0.0.1:${udpPort}` },
            { urls: `turn:127.0.0.1:${udpPort}?transport=udp`, username: 'u', credential: 'p' },
            { urls: `turn:127.0.0.1:${tcpPort}?transport=tcp`, username: 'u', credential: 'p' },
          ],
        });
        const found: string[] = [];
        pc.onicecandidate = (e) => {
          if (e.candidate?.candidate) found.push(e.candidate.candidate);
        };
        pc.createDataChannel('exfiltrate');
        await pc.setLocalDescription(await pc.createOffer());
        await new Promise((r) => setTimeout(r, 2500));
        pc.close();
        return found;
      },
      { udpPort: l.udpPort, tcpPort: l.tcpPort },
    );
    // Let anything in flight land before counting.
    await new Promise((r) => setTimeout(r, 300));
    return { candidates, udp: l.udp(), tcp: l.tcp() };
  } finally {
    await l.close();
  }
}

afterAll(closeBrowser);

describe('WebRTC cannot send anything', () => {
  it('the app (its switches, proxy and WebRTC policy, under its CSP): 0 UDP packets, 0 TCP connections, no candidates', async () => {
    const app = await launchApp();
    try {
      const attempt = await tryWebRtc(app.page);
      expect(attempt).toEqual({ candidates: [], udp: 0, tcp: 0 });
    } finally {
      await app.close();
    }
  });

  it('control: plain Chromium (no switches, no policy) does reach both listeners', async () => {
    const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: TEST_CHROMIUM_ARGS });
    try {
      const attempt = await tryWebRtc(await browser.newPage());
      expect(attempt.udp).toBeGreaterThan(0);
      expect(attempt.tcp).toBeGreaterThan(0);
    } finally {
      await browser.close();
    }
  });

  it('control: the policy alone stops UDP but not TURN over TCP; the dead-end proxy is what stops that', async () => {
    const dir = profileWithAppPolicy();
    const context = await chromium.launchPersistentContext(dir, { executablePath: chromiumPath(), headless: true, args: TEST_CHROMIUM_ARGS });
    try {
      const attempt = await tryWebRtc(await context.newPage());
      expect(attempt.udp).toBe(0);
      expect(attempt.tcp).toBeGreaterThan(0);
    } finally {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

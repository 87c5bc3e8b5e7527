import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('works with nothing set: ./data, SQLite in it, 127.0.0.1:8080', () => {
    const c = loadConfig({}, '/srv/vedetta');
    expect(c.dataDir).toBe('/srv/vedetta/data');
    expect(c.host).toBe('127.0.0.1');
    expect(c.port).toBe(8080);
    expect(c.database).toEqual({
      kind: 'sqlite',
      file: path.join('/srv/vedetta/data', 'vedetta.sqlite'),
    });
  });

  it('switches to PostgreSQL with a postgres:// DATABASE_URL', () => {
    const c = loadConfig(
      {
        DATABASE_URL: 'postgres://u@db:5432/vedetta',
        VEDETTA_PORT: '9000',
        VEDETTA_TRUST_PROXY: 'yes',
      },
      '/x',
    );
    expect(c.database).toEqual({ kind: 'postgres', url: 'postgres://u@db:5432/vedetta' });
    expect(c.port).toBe(9000);
    expect(c.trustProxy).toBe(true);
  });

  it('names every bad value by its environment variable', () => {
    try {
      loadConfig({ VEDETTA_PORT: '70000', VEDETTA_LOG_LEVEL: 'chatty', DATABASE_URL: 'mysql://x' });
      expect.unreachable();
    } catch (err: unknown) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as ConfigError).message;
      expect(msg).toMatch(/VEDETTA_PORT/);
      expect(msg).toMatch(/VEDETTA_LOG_LEVEL/);
      expect(msg).toMatch(/DATABASE_URL/);
    }
  });

  it('reads the WebRTC port range and advertised addresses, refusing bad ones', () => {
    const d = loadConfig({}, '/x');
    expect(d.webrtcEnabled).toBe(true);
    expect(d.webrtcPorts).toBeUndefined();
    expect(d.webrtcAddresses).toEqual(['127.0.0.1']);
    const c = loadConfig(
      { VEDETTA_WEBRTC_PORTS: '40000-40099', VEDETTA_WEBRTC_ADDRESSES: '192.168.10.5, 127.0.0.1' },
      '/x',
    );
    expect(c.webrtcPorts).toEqual([40000, 40099]);
    expect(c.webrtcAddresses).toEqual(['192.168.10.5', '127.0.0.1']);
    expect(() => loadConfig({ VEDETTA_WEBRTC_PORTS: '50000-40000' })).toThrow(
      /VEDETTA_WEBRTC_PORTS/,
    );
    expect(() => loadConfig({ VEDETTA_WEBRTC_ADDRESSES: 'server.local' })).toThrow(
      /VEDETTA_WEBRTC_ADDRESSES/,
    );
  });

  it('requires TLS certificate and key together', () => {
    expect(() => loadConfig({ VEDETTA_TLS_CERT: '/etc/cert.pem' })).toThrow(/TLS_KEY/);
  });

  it('reports an unreadable or invalid config file', () => {
    expect(() => loadConfig({ VEDETTA_CONFIG: '/nonexistent/vedetta.json' })).toThrow(ConfigError);
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, errorFromResponse } from './api';

afterEach(() => vi.unstubAllGlobals());

describe('api client', () => {
  it('turns catalogue errors into ApiError with code, message and field', async () => {
    const e = await errorFromResponse(
      new Response(JSON.stringify({ error: { code: 'SIGMA_E_REQUEST_INVALID', message: 'email: Invalid email', field: 'email' } }), { status: 400 }),
    );
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ code: 'SIGMA_E_REQUEST_INVALID', message: 'email: Invalid email', field: 'email', status: 400 });
  });

  it('keeps the details of an error (insufficient credits carries balance and price)', async () => {
    const e = await errorFromResponse(
      new Response(
        JSON.stringify({
          error: {
            code: 'SIGMA_E_PAYMENT_INSUFFICIENT_CREDITS',
            message: 'The price is 100 credits; the balance is 40.',
            field: 'payment',
            details: { balance: 40, price: 100 },
          },
        }),
        { status: 402 },
      ),
    );
    expect(e).toMatchObject({ code: 'SIGMA_E_PAYMENT_INSUFFICIENT_CREDITS', status: 402, details: { balance: 40, price: 100 } });
  });

  it('still explains a non-JSON failure', async () => {
    const e = await errorFromResponse(new Response('upstream down', { status: 502, statusText: 'Bad Gateway' }));
    expect(e.code).toBe('HTTP_ERROR');
    expect(e.message).toContain('502');
    expect(e.message).toContain('upstream down');
  });

  it('sends the CSRF header on writes only, and JSON bodies', async () => {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(JSON.stringify({ ok: true }), { status: 200 });
    });
    await api('/api/v1/dev/me');
    await api('/api/v1/dev/api-keys', { body: { name: 'x' } });
    const [get, post] = calls;
    expect((get!.init.headers as Record<string, string>)['x-sigma-csrf']).toBeUndefined();
    expect(post!.init.method).toBe('POST');
    expect((post!.init.headers as Record<string, string>)['x-sigma-csrf']).toBe('1');
    expect((post!.init.headers as Record<string, string>)['content-type']).toBe('application/json');
    expect(post!.init.body).toBe('{"name":"x"}');
    expect(post!.init.credentials).toBe('same-origin');
  });

  it('reports an unreachable server as a readable error', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed');
    });
    await expect(api('/x')).rejects.toMatchObject({ code: 'NETWORK_ERROR', message: expect.stringMatching(/Could not reach/) });
  });
});

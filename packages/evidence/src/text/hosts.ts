/** Host names out of URL-ish strings, and whether a host is this machine or a private network. */

const PRIVATE_V4 = /^(?:127\.|10\.|192\.168\.|169\.254\.|172\.(?:1[6-9]|2\d|3[01])\.)/;

/** Loopback, private and link-local addresses, and `localhost` names: the narrow test. */
export function isLoopbackOrPrivate(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || host === '0.0.0.0' || PRIVATE_V4.test(host);
}

/** The wide test: also `0.x` addresses, an unbracketed `::1`, and `.local` / `.internal` names. */
export function isLocalHost(host: string): boolean {
  return isLoopbackOrPrivate(host) || host === '::1' || host.startsWith('0.') || host.endsWith('.local') || host.endsWith('.internal');
}

export function isIpV4(host: string): boolean {
  return /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host);
}

/** Host of a URL-ish string, lowercase, without userinfo and port; null when not a real host. */
export function hostOf(url: string): string | null {
  const m = /^[a-z][a-z0-9+.-]{0,20}:\/\/([^/?#]{1,300})/i.exec(url);
  if (!m) return null;
  let auth = m[1]!;
  const at = auth.lastIndexOf('@');
  if (at >= 0) auth = auth.slice(at + 1);
  let host: string;
  if (auth.startsWith('[')) {
    const end = auth.indexOf(']');
    host = end > 0 ? auth.slice(0, end + 1) : auth;
  } else host = auth.replace(/:\d{0,5}$/, '');
  host = host.toLowerCase().replace(/\.$/, '');
  if (host.startsWith('[')) return /^\[[0-9a-f:.]{2,45}\]$/.test(host) ? host : null;
  if (host === 'localhost') return host;
  if (!/^[\p{L}\p{N}.-]{1,253}$/u.test(host) || !host.includes('.')) return null;
  if (host.startsWith('.') || host.startsWith('-') || host.includes('..')) return null;
  if (/^[\d.]+$/.test(host) && !isIpV4(host)) return null;
  // The last label must look like a TLD (letters) or the host is an IPv4 address.
  if (!isIpV4(host) && !/\.[\p{L}]{2,63}$/u.test(host) && !/\.xn--[a-z0-9-]{1,59}$/.test(host)) return null;
  return host;
}

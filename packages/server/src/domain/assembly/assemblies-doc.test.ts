import { readFileSync } from 'node:fs';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { costMicroUsd } from '../../models/catalogue.js';
import { registrationMessage } from '../validators/registration.js';
import { commitmentPreimage, verdictCommitment } from './selfhosted.js';

// Keeps docs/assemblies.md true: its worked examples are recomputed here.
const doc = readFileSync(new URL('../../../../../docs/assemblies.md', import.meta.url), 'utf8');

describe('docs/assemblies.md worked examples', () => {
  const seatId = '5ea700000000000000000001';
  const salt = `0x${'11'.repeat(32)}`;
  const verdict = {
    verdict: 'UNSAFE',
    blocking: true,
    severity: 'HIGH',
    findings: [{ evidenceIds: ['sourceFacts.network'], severity: 'HIGH', summary: 'Sends the clipboard to an undeclared host.' }],
    rationale: 'Undeclared exfiltration of clipboard contents.',
  };
  const session = privateKeyToAccount('0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6');
  const owner = privateKeyToAccount('0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba');

  it('commit–reveal: preimage, its length, the commitment and the session-key signature', async () => {
    const pre = commitmentPreimage(seatId, verdict, salt);
    expect(doc).toContain(pre);
    expect(doc).toContain(`${Buffer.byteLength(pre)} bytes → commitment`);
    const c = verdictCommitment(seatId, verdict, salt);
    expect(doc).toContain(c);
    expect(doc).toContain(session.address);
    expect(doc).toContain(await session.signMessage({ message: { raw: c } }));
  });

  it('registration message', () => {
    expect(doc).toContain(
      registrationMessage({ domain: 'sigma.example.org', owner: owner.address, sessionAddress: session.address, issuedAt: '2026-11-27T12:00:00.000Z' }),
    );
  });

  it('cost example', () => {
    expect(costMicroUsd(1234, 87, { inPerMTok: 2_500_000, outPerMTok: 10_000_000 })).toBe(3955);
    expect(doc).toContain('3,955 µUSD');
  });
});

import { describe, expect, it } from 'vitest';
import {
  creditsToUsdc,
  formatCountdown,
  formatCredits,
  formatInt,
  formatMicros,
  formatMicroUsd,
  formatMultiplier,
  formatPercentBps,
  formatSignedCredits,
  formatWei,
  multiplierToBps,
  percentToBps,
  usdcToCredits,
} from './money';

describe('money from integers', () => {
  it('groups digits and names credits', () => {
    expect(formatInt(1234567)).toBe('1,234,567');
    expect(formatInt(-1500)).toBe('−1,500');
    expect(formatInt('10000')).toBe('10,000');
    expect(formatCredits(1)).toBe('1 credit');
    expect(formatCredits(10_000)).toBe('10,000 credits');
    expect(formatSignedCredits(500)).toBe('+500');
    expect(formatSignedCredits(-100)).toBe('−100');
    expect(formatSignedCredits(0)).toBe('0');
  });

  it('converts credits to USDC exactly (1 credit = 10,000 micro-USDC)', () => {
    expect(creditsToUsdc(100)).toBe('1.00');
    expect(creditsToUsdc(150)).toBe('1.50');
    expect(creditsToUsdc(1)).toBe('0.01');
    expect(creditsToUsdc(123_456_789)).toBe('1,234,567.89');
    expect(formatMicros('1000000')).toBe('1.00');
    expect(formatMicros(1_234_500n)).toBe('1.2345');
    expect(formatMicros(-5)).toBe('-0.000005');
    // beyond Number's safe range, still exact
    expect(formatMicros('9007199254740993000001')).toBe('9,007,199,254,740,993.000001');
    expect(usdcToCredits('1.5')).toBe(150);
    expect(usdcToCredits('2')).toBe(200);
    expect(usdcToCredits('0.015')).toBeNull();
    expect(usdcToCredits('abc')).toBeNull();
  });

  it('formats and parses basis points', () => {
    expect(formatMultiplier(12_500)).toBe('×1.25');
    expect(formatMultiplier(10_000)).toBe('×1');
    expect(formatMultiplier(15_001)).toBe('×1.5001');
    expect(formatPercentBps(2500)).toBe('25%');
    expect(formatPercentBps(1250)).toBe('12.5%');
    expect(formatPercentBps(10_000)).toBe('100%');
    expect(percentToBps('12.5')).toBe(1250);
    expect(percentToBps('25 %')).toBe(2500);
    expect(percentToBps('1.234')).toBeNull();
    expect(multiplierToBps('1.25')).toBe(12_500);
    expect(multiplierToBps('×2')).toBe(20_000);
    expect(multiplierToBps('1.00001')).toBeNull();
  });

  it('shows LLM cost so that small amounts never read as free', () => {
    expect(formatMicroUsd(0)).toBe('$0');
    expect(formatMicroUsd(3955)).toBe('$0.003955');
    expect(formatMicroUsd(10_000)).toBe('$0.01');
    expect(formatMicroUsd(12_500_000)).toBe('$12.50');
    expect(formatMicroUsd(1_234_567_890)).toBe('$1,234.57');
  });

  it('counts down and formats token amounts', () => {
    expect(formatCountdown(899_999)).toBe('14:59');
    expect(formatCountdown(-5)).toBe('0:00');
    expect(formatCountdown(3_725_000)).toBe('1:02:05');
    expect(formatWei('1000000000000000000000')).toBe('1,000');
    expect(formatWei('1500000000000000000')).toBe('1.5');
    expect(formatWei('0')).toBe('0');
  });
});

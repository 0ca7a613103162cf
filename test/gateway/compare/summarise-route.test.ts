import { describe, expect, it } from 'vitest';
import { isRealDifference } from '../../../gateway/compare/classify-noise.js';
import { fieldKey, summariseRoute } from '../../../gateway/compare/summarise-route.js';

const th = { relative: 0.2, absolute: 0.0003 };

describe('isRealDifference (Diffy rule)', () => {
  it('is real when the service differs where the monolith agrees with itself', () => {
    expect(isRealDifference(40, 0, { compared: 100, noiseCompared: 20 }, th)).toBe(true);
  });
  it('is noise when the monolith differs from itself as often', () => {
    expect(isRealDifference(100, 20, { compared: 100, noiseCompared: 20 }, th)).toBe(false);
    // 90 raw vs 100 scaled noise: raw does not exceed noise
    expect(isRealDifference(90, 20, { compared: 100, noiseCompared: 20 }, th)).toBe(false);
  });
  it('needs the relative threshold: 100 raw vs 85 scaled noise is within 20%', () => {
    expect(isRealDifference(100, 17, { compared: 100, noiseCompared: 20 }, th)).toBe(false);
    expect(isRealDifference(100, 10, { compared: 100, noiseCompared: 20 }, th)).toBe(true);
  });
  it('needs the absolute threshold: 2 in 100,000 is below 0.03%', () => {
    expect(isRealDifference(2, 0, { compared: 100_000, noiseCompared: 0 }, th)).toBe(false);
    expect(isRealDifference(40, 0, { compared: 100_000, noiseCompared: 0 }, th)).toBe(true);
  });
  it('without noise samples every difference above the absolute threshold is real', () => {
    expect(isRealDifference(1, 0, { compared: 10, noiseCompared: 0 }, th)).toBe(true);
  });
});

describe('summariseRoute', () => {
  it('counts exchanges that differ only in noise as matched', () => {
    const s = summariseRoute(
      {
        compared: 100,
        noiseCompared: 20,
        unkeptMismatches: 0,
        fields: [
          { path: '$.ts', kind: 'value', count: 100, noiseCount: 20 },
          { path: '$.price', kind: 'value', count: 10, noiseCount: 0 },
        ],
        signatures: [
          { keys: [fieldKey('$.ts', 'value')], count: 90 },
          { keys: [fieldKey('$.ts', 'value'), fieldKey('$.price', 'value')], count: 10 },
        ],
      },
      th,
    );
    expect(s).toMatchObject({ compared: 100, matched: 90, mismatched: 10, matchRate: 0.9 });
    expect(s.fields.map((f) => [f.path, f.noise])).toEqual([
      ['$.price', false],
      ['$.ts', true],
    ]);
  });

  it('has no match rate before anything was compared', () => {
    expect(summariseRoute({ compared: 0, noiseCompared: 0, unkeptMismatches: 0, fields: [], signatures: [] }, th).matchRate).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { createBreaker } from '../../../gateway/shadow/service-breaker.js';

describe('service breaker', () => {
  it('opens after the threshold of failures in a row, probes once after the cool-down, and doubles it on a failed probe', () => {
    let t = 0;
    const changes: string[] = [];
    const b = createBreaker({ threshold: 3, baseMs: 1000, maxMs: 3000, now: () => t, onChange: (s, ms) => changes.push(`${s} ${ms}`) });
    b.failed();
    b.succeeded(); // a success resets the run
    b.failed();
    b.failed();
    expect(b.allow()).toBe(true);
    b.failed();
    expect(b.open).toBe(true);
    expect(b.allow()).toBe(false);
    b.failed(); // a copy sent before it opened: does not extend the cool-down
    t = 1000;
    expect(b.allow()).toBe(true); // the probe
    expect(b.allow()).toBe(false); // only one
    b.failed();
    t = 2999;
    expect(b.allow()).toBe(false);
    t = 3000;
    expect(b.allow()).toBe(true);
    b.failed();
    t = 6000;
    expect(b.allow()).toBe(true);
    b.succeeded();
    expect(b.open).toBe(false);
    expect(b.allow()).toBe(true);
    expect(changes).toEqual(['open 1000', 'open 2000', 'open 3000', 'closed 0']);
  });

  it('lets another probe through when one never reports back', () => {
    let t = 0;
    const b = createBreaker({ threshold: 1, baseMs: 100, now: () => t });
    b.failed();
    t = 100;
    expect(b.allow()).toBe(true); // a probe whose exchange was then not copied (too large, client gone)
    t = 150;
    expect(b.allow()).toBe(false);
    t = 200;
    expect(b.allow()).toBe(true);
  });
});

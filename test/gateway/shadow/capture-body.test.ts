import { describe, expect, it } from 'vitest';
import { createBodyCapture, createCaptureBudget } from '../../../gateway/shadow/capture-body.js';

describe('body capture', () => {
  it('keeps a body up to its cap and drops it past the cap', () => {
    const budget = createCaptureBudget(1000);
    const c = createBodyCapture(5, budget);
    c.add(Buffer.from('abc'));
    expect(c.body().toString()).toBe('abc');
    c.add(Buffer.from('def'));
    expect(c.tooLarge).toBe(true);
    expect(c.body().length).toBe(0);
    expect(budget.used).toBe(0);
  });

  it('shares one budget between captures and gives the bytes back on release', () => {
    const budget = createCaptureBudget(10);
    const a = createBodyCapture(100, budget);
    const b = createBodyCapture(100, budget);
    a.add(Buffer.alloc(8));
    b.add(Buffer.alloc(3));
    expect([a.overBudget, b.overBudget]).toEqual([false, true]);
    expect(budget.used).toBe(8);
    a.release();
    a.release(); // once only
    expect(budget.used).toBe(0);
    const c = createBodyCapture(100, budget);
    c.add(Buffer.alloc(10));
    expect(c.overBudget).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { createTurns } from '../../../gateway/shadow/take-turns.js';

describe('createTurns', () => {
  it('lets one waiter go per event-loop turn, in order, after what the previous one queued', async () => {
    const turn = createTurns();
    const order: string[] = [];
    const jobs = [1, 2, 3].map(async (n) => {
      await turn();
      order.push(`job ${n}`);
      setImmediate(() => order.push(`after job ${n}`)); // work that became ready while job n ran
    });
    await Promise.all(jobs);
    await new Promise((r) => setImmediate(r));
    expect(order.filter((e) => e.startsWith('job'))).toEqual(['job 1', 'job 2', 'job 3']);
    expect(order.indexOf('after job 1')).toBeLessThan(order.indexOf('job 2'));
    expect(order.indexOf('after job 2')).toBeLessThan(order.indexOf('job 3'));
  });
});

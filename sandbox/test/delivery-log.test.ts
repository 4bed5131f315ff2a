import { describe, expect, it } from 'vitest';
import { DeliveryLog } from '../webhooks/delivery-log.ts';

const item = (id: number) => ({ id, name: `delivery ${id}` });

describe('the webhook delivery log', () => {
  it('keeps the last deliveries in order, and forgets the older ones', () => {
    const log = new DeliveryLog<ReturnType<typeof item>>(3);
    expect([...log.values()]).toEqual([]);
    for (let id = 1; id <= 5; id++) log.add(item(id));
    expect([...log.values()].map((d) => d.id)).toEqual([3, 4, 5]);
    expect(log.get(5)).toEqual(item(5));
    expect(log.get(2)).toBeUndefined(); // fell out: its slot now holds 5
    expect(log.get(6)).toBeUndefined();
    expect(log.get(0)).toBeUndefined();
  });

  it('holds fewer than its size in order', () => {
    const log = new DeliveryLog<ReturnType<typeof item>>(5_000);
    log.add(item(1));
    log.add(item(2));
    expect([...log.values()].map((d) => d.id)).toEqual([1, 2]);
  });

  it('refuses an ID that does not rise, which would break its order', () => {
    const log = new DeliveryLog<ReturnType<typeof item>>(3);
    log.add(item(4));
    expect(() => log.add(item(4))).toThrow(RangeError);
    expect(() => log.add(item(2))).toThrow(RangeError);
  });

  it('takes a long stream of deliveries and holds only the last ones', () => {
    const log = new DeliveryLog<ReturnType<typeof item>>(1_000);
    for (let id = 1; id <= 200_000; id++) log.add(item(id));
    expect(log.get(200_000)?.id).toBe(200_000);
    expect(log.get(199_000)).toBeUndefined();
    expect([...log.values()]).toHaveLength(1_000);
  });
});

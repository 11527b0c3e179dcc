import { describe, expect, test } from 'vitest';
import { firstAnswers } from '../../src/ui/firstAnswers';
import { FakeController } from './fakeController';
import { incidentView, loading } from './fixtures';

const settledWithin = async (promise: Promise<void>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

describe('firstAnswers', () => {
  test('resolves at once when every panel has answered', async () => {
    const controller = new FakeController(incidentView());
    expect(await settledWithin(firstAnswers(controller, 10_000), 20)).toBe(true);
    expect(controller.subscribers).toBe(0);
  });

  test('resolves when the view with the last first answer is published, not on one still loading', async () => {
    const controller = new FakeController(loading());
    const waiting = firstAnswers(controller, 10_000);
    controller.push({ ...loading(), flags: incidentView().flags });
    expect(await settledWithin(waiting, 30)).toBe(false);
    controller.push(incidentView());
    expect(await settledWithin(waiting, 30)).toBe(true);
    expect(controller.subscribers).toBe(0);
  });

  test('gives up waiting after the time given', async () => {
    const controller = new FakeController(loading());
    const waiting = firstAnswers(controller, 50);
    expect(await settledWithin(waiting, 10)).toBe(false);
    expect(await settledWithin(waiting, 200)).toBe(true);
    expect(controller.subscribers).toBe(0);
  });
});

import { type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoCorrelationStore } from '../../adapters/aws/DynamoCorrelationStore';
import { DynamoNotificationLedger } from '../../adapters/aws/DynamoNotificationLedger';
import { batchGetItems, batchWriteItems } from '../../adapters/aws/dynamoItems';
import {
  createStateTable,
  type LocalDynamo,
  localDynamoClient,
  startLocalDynamo,
} from '../../adapters/local/stand-ins/startLocalDynamo';
import { BUNDLED_RULES_PATH, loadRules } from '../../adapters/node/loadRules';
import { toAuditRecords } from '../../domain/audit/toAuditRecords';
import type { CorrelationChange } from '../../domain/correlation/applyMatch';
import { applyMatches } from '../../domain/correlation/applyMatches';
import { type CorrelationState, emptyCorrelationState } from '../../domain/correlation/CorrelationState';
import { matchKey } from '../../domain/correlation/matchKey';
import { compactCorrelationItem, SHORT_MESSAGE_CHARS } from '../../domain/ingest/compactCorrelationItem';
import { toPendingNotifications } from '../../domain/ingest/toPendingNotifications';
import { EMPTY_OUTBOX, type Outbox } from '../../domain/ports/CorrelationStore';
import { mailStartFailure, serviceCrash } from '../support/buildEvents';

const TABLE = 'adapter-state';
let local: LocalDynamo;
let client: ReturnType<typeof localDynamoClient>;

beforeAll(async () => {
  local = await startLocalDynamo();
  client = localDynamoClient(local.endpoint);
  await createStateTable(client, TABLE);
});

afterAll(async () => {
  client?.destroy();
  await local?.stop();
});

const NOW = Date.parse('2024-03-14T03:00:00Z');

function stateWithPending(nodeKey: string, count: number, rawChars: number): CorrelationState {
  const state = emptyCorrelationState('KB819865', nodeKey);
  for (let i = 0; i < count; i++) {
    const event = {
      ...serviceCrash({ at: `2024-03-14T02:${String(i % 60).padStart(2, '0')}:00Z` }),
      raw: randomText(rawChars),
    };
    state.pending.push({ key: matchKey(event), role: 0, event });
  }
  state.watermarkMs = NOW;
  return state;
}

function randomText(length: number): string {
  let text = '';
  while (text.length < length) text += Math.random().toString(36).slice(2);
  return text.slice(0, length);
}

describe('DynamoCorrelationStore', () => {
  it('saves and loads a state with its version, and refuses a save from a stale version', async () => {
    const store = new DynamoCorrelationStore(TABLE, client);
    const state = stateWithPending('exch01.corp.example.com', 2, 100);

    expect(await store.save({ state, outbox: EMPTY_OUTBOX, expiresAtMs: NOW + 3_600_000 }, 0)).toEqual({
      kind: 'saved',
      version: 1,
      pendingDropped: 0,
    });
    const loaded = await store.load('KB819865', 'exch01.corp.example.com', NOW);
    expect(loaded.version).toBe(1);
    expect(loaded.state).toEqual(state);
    expect(await store.save({ state, outbox: EMPTY_OUTBOX, expiresAtMs: NOW + 3_600_000 }, 0)).toEqual({
      kind: 'conflict',
    });
  });

  it('reads an expired item as empty state but keeps its version, since TTL deletion lags', async () => {
    const store = new DynamoCorrelationStore(TABLE, client);
    const state = stateWithPending('exch02.corp.example.com', 1, 100);
    await store.save({ state, outbox: EMPTY_OUTBOX, expiresAtMs: NOW + 1000 }, 0);

    const loaded = await store.load('KB819865', 'exch02.corp.example.com', NOW + 2000);

    expect(loaded.state.pending).toEqual([]);
    expect(loaded.state.watermarkMs).toBe(Number.NEGATIVE_INFINITY);
    expect(loaded.version).toBe(1);
    expect(
      (await store.save({ state: loaded.state, outbox: EMPTY_OUTBOX, expiresAtMs: NOW + 9000 }, 1)).kind,
    ).toBe('saved');
  });

  it('loads many states at once, in the order asked, as each alone would load (past 100 keys, missing and expired ones too)', async () => {
    const store = new DynamoCorrelationStore(TABLE, client);
    const nodes = Array.from({ length: 130 }, (_, i) => `many${String(i).padStart(3, '0')}.corp.example.com`);
    for (const [i, node] of nodes.entries()) {
      if (i % 3 === 0) continue;
      const expiresAtMs = i % 3 === 1 ? NOW + 3_600_000 : NOW - 1000;
      await store.save({ state: stateWithPending(node, 1, 50), outbox: EMPTY_OUTBOX, expiresAtMs }, 0);
    }
    const refs = [...nodes].reverse().map((nodeKey) => ({ ruleId: 'KB819865', nodeKey }));

    const many = await store.loadMany(refs, NOW);

    const alone = await Promise.all(refs.map((ref) => store.load(ref.ruleId, ref.nodeKey, NOW)));
    expect(many).toEqual(alone);
    expect(many.filter((stored) => stored.state.pending.length === 1)).toHaveLength(43);
    expect(many.filter((stored) => stored.version === 0)).toHaveLength(44);
  });

  it('keeps an item that would be far larger than 400 KB storable by dropping the raw text of pending matches', async () => {
    const store = new DynamoCorrelationStore(TABLE, client);
    const state = stateWithPending('exch03.corp.example.com', 3000, 2000);

    expect((await store.save({ state, outbox: EMPTY_OUTBOX, expiresAtMs: NOW + 3_600_000 }, 0)).kind).toBe(
      'saved',
    );

    const loaded = await store.load('KB819865', 'exch03.corp.example.com', NOW);
    expect(loaded.state.pending.length).toBeGreaterThan(0);
    expect(loaded.state.pending.every((m) => m.event.raw === undefined)).toBe(true);
    expect(loaded.state.pending.at(-1)?.key).toBe(state.pending.at(-1)?.key);
  });

  it("lists each marked state once with every writer's mark, past 25 marks a batch, and withdraws only the writer's own", async () => {
    const table = 'adapter-marks';
    await createStateTable(client, table);
    const store = new DynamoCorrelationStore(table, client);
    const refs = Array.from({ length: 30 }, (_, i) => ({
      ruleId: 'KB819865',
      nodeKey: `exch${i}.corp.example.com`,
    }));
    await store.mark('writer-a', refs, NOW, Date.now() + 3_600_000);
    await store.mark('writer-b', refs.slice(0, 2), NOW + 5, Date.now() + 3_600_000);

    const listed = await store.listPendingOutboxes();
    expect(listed).toHaveLength(30);
    expect(listed.find((pending) => pending.nodeKey === 'exch1.corp.example.com')?.marks).toEqual(
      expect.arrayContaining([
        { writer: 'writer-a', markedAtMs: NOW },
        { writer: 'writer-b', markedAtMs: NOW + 5 },
      ]),
    );

    await store.unmark('writer-a', refs);
    expect(await store.listPendingOutboxes()).toEqual(
      expect.arrayContaining(
        refs.slice(0, 2).map((ref) => ({ ...ref, marks: [{ writer: 'writer-b', markedAtMs: NOW + 5 }] })),
      ),
    );
    expect(await store.listPendingOutboxes()).toHaveLength(2);
  });

  it('lists no expired mark, and lists a marker of earlier releases (no writer) with no mark to withdraw', async () => {
    const table = 'adapter-old-marks';
    await createStateTable(client, table);
    const store = new DynamoCorrelationStore(table, client);
    await store.mark(
      'writer-a',
      [{ ruleId: 'KB819865', nodeKey: 'exch1.corp.example.com' }],
      NOW,
      Date.now() - 1000,
    );
    await client.send(
      new PutItemCommand({
        TableName: table,
        Item: {
          pk: { S: 'OUTBOX' },
          sk: { S: 'KB819865#exch2.corp.example.com' },
          ruleId: { S: 'KB819865' },
          nodeKey: { S: 'exch2.corp.example.com' },
          stateVersion: { N: '3' },
          expiresAt: { N: String(Math.ceil(Date.now() / 1000) + 3600) },
        },
      }),
    );

    expect(await store.listPendingOutboxes()).toEqual([
      { ruleId: 'KB819865', nodeKey: 'exch2.corp.example.com', marks: [] },
    ]);
  });
});

describe('compactCorrelationItem', () => {
  it('drops the oldest pending matches, half at a time, keeping the newest, when dropping raw text is not enough', () => {
    const state = stateWithPending('exch04.corp.example.com', 400, 10);
    const compacted = compactCorrelationItem(state, EMPTY_OUTBOX, (s) => s.pending.length <= 100);

    expect(compacted?.pendingDropped).toBe(300);
    expect(compacted?.state.pending.map((m) => m.key)).toEqual(state.pending.slice(300).map((m) => m.key));
  });

  it('drops every raw text and cuts long messages, in the state and its outbox, before it drops a pending match', () => {
    const [rule] = loadRules(BUNDLED_RULES_PATH);
    if (!rule) throw new Error('no bundled rule');
    const state = emptyCorrelationState(rule.id, 'exch06.corp.example.com');
    const matches = Array.from({ length: 41 }, (_, i) => {
      const at = `2024-03-14T02:${String(i).padStart(2, '0')}:00Z`;
      const event = i < 40 ? serviceCrash({ at, message: randomText(4000) }) : mailStartFailure({ at });
      return { key: `k${i}`, role: i < 40 ? 0 : 1, event: { ...event, raw: randomText(4000) } };
    });
    // Five crashes are left pending: one more than a window before the failure.
    const late = matches
      .slice(0, 5)
      .map((m) => ({ ...m, key: `late${m.key}`, event: { ...m.event, timeMs: m.event.timeMs - 7_200_000 } }));
    const changes: CorrelationChange[] = [];
    applyMatches(state, rule, [...late, ...matches], { allowedLatenessMs: 86_400_000 }, (c) =>
      changes.push(...c),
    );
    const outbox = {
      audit: toAuditRecords(changes, rule, new Date(NOW)),
      notifications: toPendingNotifications(changes, rule, new Date(NOW)),
    };
    const texts = (json: string) => [...json.matchAll(/"(?:raw|message)":"([^"]*)"/g)].map((m) => m[1] ?? '');
    const bare = (s: CorrelationState, o: Outbox) =>
      texts(JSON.stringify({ s, audit: o.audit, records: o.notifications.map((n) => n.audit) })).every(
        (text) => text.length <= SHORT_MESSAGE_CHARS,
      );

    const compacted = compactCorrelationItem(state, outbox, bare);

    expect(compacted?.pendingDropped).toBe(0);
    // The 45 crashes' messages (5 pending, 40 in the incident); the failure's is short.
    expect(compacted?.messagesCut).toBe(45);
    expect(compacted?.state.pending).toHaveLength(state.pending.length);
    expect(state.pending.length).toBeGreaterThan(0);
  });

  it('gives up when not even an empty pending list fits', () => {
    const state = stateWithPending('exch05.corp.example.com', 10, 10);
    expect(compactCorrelationItem(state, EMPTY_OUTBOX, () => false)).toBeUndefined();
  });
});

describe('DynamoNotificationLedger', () => {
  const sent = {
    messageId: 'msg-1',
    destination: 'arn:aws:sns:us-east-1:000000000000:incidents',
    sentAt: '2024-03-14T03:00:01.000Z',
  };

  it('grants one claim at a time and answers busy to the second caller while the lease runs', async () => {
    const ledger = new DynamoNotificationLedger(TABLE, client);
    expect((await ledger.claim('n-1#incident', 60_000, NOW)).kind).toBe('claimed');
    expect(await ledger.claim('n-1#incident', 60_000, NOW + 1)).toEqual({
      kind: 'busy',
      leaseUntilMs: NOW + 60_000,
    });
  });

  it('lets a caller take over a claim whose lease ran out', async () => {
    const ledger = new DynamoNotificationLedger(TABLE, client);
    await ledger.claim('n-2#incident', 60_000, NOW);
    expect((await ledger.claim('n-2#incident', 60_000, NOW + 60_001)).kind).toBe('claimed');
  });

  it('answers published, with the message id, once an alert was marked sent', async () => {
    const ledger = new DynamoNotificationLedger(TABLE, client);
    const claim = await ledger.claim('n-3#incident', 60_000, NOW);
    await ledger.markPublished('n-3#incident', claim.kind === 'claimed' ? claim.token : '', sent);
    expect(await ledger.claim('n-3#incident', 60_000, NOW + 3_600_000)).toEqual({ kind: 'published', sent });
  });

  it('frees a released claim for the next caller at once', async () => {
    const ledger = new DynamoNotificationLedger(TABLE, client);
    const claim = await ledger.claim('n-4#incident', 60_000, NOW);
    await ledger.release('n-4#incident', claim.kind === 'claimed' ? claim.token : '');
    expect((await ledger.claim('n-4#incident', 60_000, NOW + 1)).kind).toBe('claimed');
  });
});

describe('state keys of long node names', () => {
  it('saves and loads the state of a node named with 3000 characters, keeping the full name', async () => {
    const store = new DynamoCorrelationStore(TABLE, client);
    const longName = `${'exch-'.repeat(600)}.corp.example.com`.toLowerCase();
    const state = stateWithPending(longName, 1, 10);

    expect((await store.save({ state, outbox: EMPTY_OUTBOX, expiresAtMs: NOW + 3_600_000 }, 0)).kind).toBe(
      'saved',
    );
    const loaded = await store.load('KB819865', longName, NOW);

    expect(loaded.state.nodeKey).toBe(longName);
    expect(loaded.state.pending).toHaveLength(1);
  });
});

describe('batch reads', () => {
  const key = (n: number) => ({ pk: { S: `K#${n}` }, sk: { S: 'S' } });
  /** A client that leaves `unprocessed` keys of every request unprocessed, `times` times (dynalite never does). */
  function throttling(times: number, unprocessed = 1) {
    const asked: number[] = [];
    const client = {
      send: async (command: {
        input: { RequestItems: Record<string, { Keys: ReturnType<typeof key>[] }> };
      }) => {
        const keys = command.input.RequestItems.T?.Keys ?? [];
        asked.push(keys.length);
        const left = asked.length <= times ? keys.slice(0, unprocessed) : [];
        const served = keys.slice(left.length);
        return { Responses: { T: served }, UnprocessedKeys: left.length > 0 ? { T: { Keys: left } } : {} };
      },
    };
    return { client: client as unknown as DynamoDBClient, asked };
  }

  it('asks again for the keys DynamoDB left unprocessed, a hundred keys a request at most', async () => {
    const { client, asked } = throttling(1);
    const found = await batchGetItems(
      client,
      'T',
      Array.from({ length: 101 }, (_, i) => key(i)),
    );
    expect(found.size).toBe(101);
    expect(asked).toEqual([100, 1, 1]);
  });

  /**
   * A client for BatchWriteItem that records each request's writes, leaves `unprocessed(writes, request)`
   * of them unprocessed and answers after `delayMs`, counting the requests in flight.
   */
  function batchWriter(
    unprocessed: (writes: unknown[], request: number) => unknown[] = () => [],
    delayMs = 0,
  ) {
    const sent: unknown[][] = [];
    const seen = { inFlight: 0, most: 0 };
    const client = {
      send: async (command: { input: { RequestItems: Record<string, unknown[]> } }) => {
        const writes = command.input.RequestItems.T ?? [];
        sent.push(writes);
        seen.most = Math.max(seen.most, ++seen.inFlight);
        if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
        seen.inFlight--;
        const left = unprocessed(writes, sent.length);
        return { UnprocessedItems: left.length > 0 ? { T: left } : {} };
      },
    };
    return { client: client as unknown as DynamoDBClient, sent, seen };
  }

  it('sends again the writes DynamoDB left unprocessed, twenty-five a request at most', async () => {
    const { client, sent } = batchWriter((writes, request) => (request === 1 ? writes.slice(0, 3) : []));
    await batchWriteItems(client, 'T', [
      ...Array.from({ length: 26 }, (_, i) => ({ put: key(i) })),
      { delete: key(99) },
    ]);
    // The second batch goes out beside the first, so before the first one's retry.
    expect(sent.map((writes) => writes.length)).toEqual([25, 2, 3]);
  });

  it('keeps four batch requests in flight at once, not more', async () => {
    const { client, sent, seen } = batchWriter(undefined, 5);
    await batchWriteItems(
      client,
      'T',
      Array.from({ length: 200 }, (_, i) => ({ put: key(i) })),
    );
    expect(sent.flat()).toHaveLength(200);
    expect(seen.most).toBe(4);
  });

  it('sends only the last of several writes to one key, as one after the other would leave it', async () => {
    const { client, sent } = batchWriter();
    await batchWriteItems(client, 'T', [
      { put: key(1) },
      ...Array.from({ length: 30 }, (_, i) => ({ put: key(100 + i) })),
      { delete: key(1) },
      { put: key(100) },
    ]);
    const writes = sent.flat();
    expect(writes).toHaveLength(31);
    expect(writes.filter((write) => JSON.stringify(write).includes('"K#1"'))).toEqual([
      { DeleteRequest: { Key: key(1) } },
    ]);
    expect(
      sent.every((request) => new Set(request.map((w) => JSON.stringify(w))).size === request.length),
    ).toBe(true);
  });

  it('sends no further batch once one request has failed', async () => {
    const sent: number[] = [];
    const client = {
      send: async (command: { input: { RequestItems: Record<string, unknown[]> } }) => {
        const request = sent.push(command.input.RequestItems.T?.length ?? 0);
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (request === 1) throw new Error('throttled for good');
        return {};
      },
    } as unknown as DynamoDBClient;
    const writes = Array.from({ length: 250 }, (_, i) => ({ put: key(i) }));
    await expect(batchWriteItems(client, 'T', writes)).rejects.toThrow('throttled for good');
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The four first requests were in flight together; none started after the failure.
    expect(sent).toHaveLength(4);
  });

  it('gives up, naming how many writes, when writes stay unprocessed past its retries', async () => {
    vi.useFakeTimers();
    try {
      const { client, sent } = batchWriter((writes) => writes.slice(0, 2));
      const writing = batchWriteItems(client, 'T', [{ put: key(1) }, { put: key(2) }, { delete: key(3) }]);
      const failed = expect(writing).rejects.toThrow('DynamoDB left 2 writes unprocessed');
      await vi.runAllTimersAsync();
      await failed;
      expect(sent.map((writes) => writes.length)).toEqual([3, 2, 2, 2, 2, 2, 2, 2, 2]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('gives up, naming how many keys, when keys stay unprocessed past its retries', async () => {
    vi.useFakeTimers();
    try {
      const { client, asked } = throttling(Number.POSITIVE_INFINITY, 2);
      const read = batchGetItems(client, 'T', [key(1), key(2), key(3)]);
      const failed = expect(read).rejects.toThrow('DynamoDB left 2 keys unprocessed');
      await vi.runAllTimersAsync();
      await failed;
      expect(asked).toEqual([3, 2, 2, 2, 2, 2, 2, 2, 2]);
    } finally {
      vi.useRealTimers();
    }
  });
});

// The official A2A JS SDK (@a2a-js/sdk) against Agent Runtime's A2A 1.0 server, as a user would call it,
// over both bindings: JSON-RPC, then HTTP+JSON. BASE_URL: the app; MARKER: routes the provider stubs of
// A2aSdkIT to this run. Prints "ok" at the end.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Role, TaskState } from '@a2a-js/sdk';
import { ClientFactory, ClientFactoryOptions } from '@a2a-js/sdk/client';
import { TaskNotCancelableError, TaskNotFoundError } from '@a2a-js/sdk/errors';

const base = process.env.BASE_URL;
const marker = process.env.MARKER;
const TERMINAL = [TaskState.TASK_STATE_COMPLETED, TaskState.TASK_STATE_FAILED, TaskState.TASK_STATE_CANCELED];

// Whole request objects, as the SDK's TypeScript types require them (defaults included).
const message = (text, contextId = '') => ({
  tenant: '',
  message: {
    messageId: randomUUID(),
    contextId,
    taskId: '',
    role: Role.ROLE_USER,
    parts: [{ content: { $case: 'text', value: `${text} ${marker}` }, filename: '', mediaType: '' }],
    extensions: [],
    referenceTaskIds: [],
  },
});
const byId = (id) => ({ tenant: '', id });
const listing = (contextId, pageSize, pageToken = '') => ({
  tenant: '', contextId, status: TaskState.TASK_STATE_UNSPECIFIED, pageSize, pageToken,
});
const text = (artifact) => artifact.parts.map((p) => p.content?.value ?? '').join('');

// The service's card names the agents.
const service = await new ClientFactory().createFromUrl(base);
const serviceCard = await service.getAgentCard();
assert.ok(serviceCard.skills.some((s) => s.id === 'sonnet-helper'), `service skills: ${JSON.stringify(serviceCard.skills)}`);

/** Reads a stream to its end: the first event must be the task, then only updates, the terminal one last. */
async function drain(stream, onEvent = async () => {}) {
  const events = [];
  for await (const event of stream) {
    events.push(event);
    await onEvent(event, events);
  }
  assert.equal(events[0].payload.$case, 'task', `first event: ${JSON.stringify(events[0])}`);
  const updates = events.slice(1).map((e) => e.payload.$case);
  assert.ok(updates.every((c) => c === 'statusUpdate' || c === 'artifactUpdate'), `after the task: ${updates}`);
  const last = events.at(-1).payload;
  assert.equal(last.$case, 'statusUpdate', 'the stream ends with a status update');
  assert.ok(TERMINAL.includes(last.value.status.state), `last state ${last.value.status.state}`);
  const terminalAt = events.findIndex((e) => e.payload.$case === 'statusUpdate' && TERMINAL.includes(e.payload.value.status.state));
  assert.equal(terminalAt, events.length - 1, 'nothing after the terminal state');
  return events;
}

const streamedText = (events) => {
  let out = '';
  for (const e of events) {
    if (e.payload.$case === 'artifactUpdate') {
      const chunk = text(e.payload.value.artifact);
      out = e.payload.value.append ? out + chunk : chunk;
    }
  }
  return out;
};

for (const binding of ['JSONRPC', 'HTTP+JSON']) {
  const factory = new ClientFactory(
    ClientFactoryOptions.createFrom(ClientFactoryOptions.default, { preferredTransports: [binding] }),
  );
  const client = await factory.createFromUrl(`${base}/a2a/sonnet-helper/`);
  const card = await client.getAgentCard();
  assert.equal(card.name, 'sonnet-helper');
  assert.ok(card.supportedInterfaces.some((i) => i.protocolBinding === binding && i.protocolVersion === '1.0'));
  assert.equal(client.protocolVersion, '1.0');

  // Blocking send: the finished task with the answer as its artifact.
  const task = await client.sendMessage(message('Whole, please.'));
  assert.equal(task.status.state, TaskState.TASK_STATE_COMPLETED, `${binding} send: ${JSON.stringify(task)}`);
  assert.equal(text(task.artifacts[0]), 'A whole answer.');
  const contextId = task.contextId;
  assert.ok(contextId);

  // Streaming send, in the same conversation.
  const events = await drain(client.sendMessageStream(message('Stream, please.', contextId)));
  const streamedTask = events[0].payload.value;
  assert.equal(streamedTask.contextId, contextId);
  assert.equal(streamedText(events), 'A streamed answer.');
  assert.equal(events.at(-1).payload.value.status.state, TaskState.TASK_STATE_COMPLETED);

  // Get, and list the conversation a page at a time.
  const got = await client.getTask(byId(streamedTask.id));
  assert.equal(got.status.state, TaskState.TASK_STATE_COMPLETED);
  assert.equal(text(got.artifacts[0]), 'A streamed answer.');
  const page1 = await client.listTasks(listing(contextId, 1));
  assert.deepEqual(page1.tasks.map((t) => t.id), [streamedTask.id]);
  assert.ok(page1.nextPageToken, `${binding}: a next page`);
  assert.equal(page1.totalSize, 2);
  const page2 = await client.listTasks(listing(contextId, 1, page1.nextPageToken));
  assert.deepEqual(page2.tasks.map((t) => t.id), [task.id]);
  assert.equal(page2.nextPageToken, '');

  // A finished task cannot be canceled; unknown tasks are not found.
  await assert.rejects(client.cancelTask(byId(task.id)), (e) => e instanceof TaskNotCancelableError);
  await assert.rejects(client.getTask(byId(randomUUID())), (e) => e instanceof TaskNotFoundError);
  await assert.rejects(client.cancelTask(byId(randomUUID())), (e) => e instanceof TaskNotFoundError);

  // Cancel in flight: a slow answer, a second subscriber, a cancel after the first chunk; both streams end CANCELED.
  let subscribed = null;
  let canceled = null;
  const slow = await drain(client.sendMessageStream(message('Slowly, please.')), async (event, seen) => {
    if (seen.length === 1) {
      subscribed = drain(client.resubscribeTask(byId(event.payload.value.id)));
    }
    if (event.payload.$case === 'artifactUpdate' && !canceled) {
      canceled = await client.cancelTask(byId(event.payload.value.taskId));
    }
  });
  assert.ok(canceled, `${binding}: the slow answer streamed a chunk`);
  assert.equal(canceled.status.state, TaskState.TASK_STATE_CANCELED, `${binding} cancel: ${JSON.stringify(canceled)}`);
  assert.equal(slow.at(-1).payload.value.status.state, TaskState.TASK_STATE_CANCELED);
  const resubscribed = await subscribed;
  assert.equal(resubscribed[0].payload.value.id, slow[0].payload.value.id);
  assert.equal(resubscribed.at(-1).payload.value.status.state, TaskState.TASK_STATE_CANCELED);
  assert.equal((await client.getTask(byId(canceled.id))).status.state, TaskState.TASK_STATE_CANCELED);
  console.log(`${binding}: ok`);
}

console.log('a2a sdk flow: ok');

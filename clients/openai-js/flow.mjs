// OpenAI's JavaScript SDK against Agent Runtime's OpenAI-compatible way in (Chat Completions and Responses), as a user would call it.
// BASE_URL: the app; MARKER: routes the provider stubs of OpenAiSdkIT to this run. Prints "ok" at the end.
import assert from 'node:assert/strict';
import OpenAI from 'openai';

const base = process.env.BASE_URL;
const marker = process.env.MARKER;
const client = new OpenAI({ apiKey: process.env.API_KEY ?? 'not-needed-with-auth-off', baseURL: `${base}/openai/v1`, maxRetries: 0 });
const ask = (text) => [{ role: 'user', content: `${text} ${marker}` }];

const models = [];
for await (const model of client.models.list()) models.push(model.id);
assert.ok(models.includes('sonnet-helper'), `models: ${models}`);

const whole = await client.chat.completions.create({ model: 'sonnet-helper', messages: ask('Whole, please.') });
assert.equal(whole.object, 'chat.completion');
assert.equal(whole.choices[0].message.content, 'A whole answer.');
assert.equal(whole.choices[0].finish_reason, 'stop');
assert.equal(whole.usage.total_tokens, 19);

const stream = await client.chat.completions.create({
  model: 'sonnet-helper', messages: ask('Stream, please.'), stream: true, stream_options: { include_usage: true },
});
let text = '';
let finish = null;
let usage = null;
for await (const chunk of stream) {
  const choice = chunk.choices[0];
  text += choice?.delta?.content ?? '';
  finish = choice?.finish_reason ?? finish;
  usage = chunk.usage ?? usage;
}
assert.equal(text, 'A streamed answer.');
assert.equal(finish, 'stop');
assert.ok(usage && usage.total_tokens > 0, `usage: ${JSON.stringify(usage)}`);

await assert.rejects(
  client.chat.completions.create({ model: 'no-such-agent', messages: ask('Anyone?') }),
  (e) => e instanceof OpenAI.NotFoundError && e.code === 'model_not_found',
);

// The Responses API: whole, continued with previous_response_id (same session), streamed as OpenAI's events.
const first = await client.responses.create({ model: 'sonnet-helper', instructions: 'Be brief.', input: `Whole, please. ${marker}` });
assert.equal(first.status, 'completed');
assert.equal(first.output_text, 'A whole answer.');
assert.equal(first.usage.total_tokens, 19);
const next = await client.responses.create({
  model: 'sonnet-helper', previous_response_id: first.id, input: [{ role: 'user', content: `Again, please. ${marker}` }],
});
assert.equal(next.previous_response_id, first.id);
assert.equal(next.output_text, 'A whole answer.');
const sessionOf = async (id) => (await (await fetch(`${base}/v1/tasks/${id.replace('resp_', '')}`)).json()).sessionId;
assert.equal(await sessionOf(next.id), await sessionOf(first.id));
assert.equal((await client.responses.retrieve(next.id)).output_text, 'A whole answer.');

const events = await client.responses.create({ model: 'sonnet-helper', input: `Stream, please. ${marker}`, stream: true });
let streamed = '';
let completed = null;
for await (const event of events) {
  if (event.type === 'response.output_text.delta') streamed += event.delta;
  if (event.type === 'response.completed') completed = event.response;
}
assert.equal(streamed, 'A streamed answer.');
assert.equal(completed?.output_text ?? completed?.output[0].content[0].text, 'A streamed answer.');
assert.ok(completed.usage.total_tokens > 0, `usage: ${JSON.stringify(completed.usage)}`);

await assert.rejects(
  client.responses.create({ model: 'no-such-agent', input: 'Anyone?' }),
  (e) => e instanceof OpenAI.NotFoundError && e.code === 'model_not_found',
);

// Closing a stream cancels its task.
const slow = await client.chat.completions.create({ model: 'sonnet-helper', messages: ask('Slowly, please.'), stream: true });
let taskId = null;
for await (const chunk of slow) {
  taskId = chunk.id.replace('chatcmpl-', '');
  if (chunk.choices[0]?.delta?.content) break; // the SDK aborts the request
}
let status = null;
for (let i = 0; i < 300 && status !== 'canceled'; i++) {
  status = (await (await fetch(`${base}/v1/tasks/${taskId}`)).json()).status;
  if (status !== 'canceled') await new Promise((r) => setTimeout(r, 100));
}
assert.equal(status, 'canceled', `task ${taskId} after the stream was closed`);

console.log('openai sdk flow: ok');

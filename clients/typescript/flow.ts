// The whole flow with the TypeScript client a new user makes: types from openapi-typescript, calls
// through openapi-fetch, nothing edited. Run by TypeScriptClientIT against the packaged app, which
// passes BASE_URL, the agent to use and MARKER (the stand-in provider answers requests containing it).
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/schema.js";

// Node's own globals, declared here rather than installing @types/node for two of them.
declare const process: { env: Record<string, string | undefined>; exit(code: number): never };

type Problem = components["schemas"]["Problem"];
type Task = components["schemas"]["Task"];

const baseUrl = required("BASE_URL");
const agent = required("AGENT");
const marker = required("MARKER");
const client = createClient<paths>({ baseUrl });

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

function check(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(`check failed: ${what}`);
}

function problem(error: Problem | undefined, status: number, what: string): Problem {
  check(error !== undefined, `${what}: an error`);
  check(error.status === status, `${what}: status ${status}, got ${JSON.stringify(error)}`);
  check(typeof error.type === "string" && error.type.startsWith("https://"), `${what}: a problem type`);
  return error;
}

async function main(): Promise<void> {
  const agents = await client.GET("/v1/agents", { params: { query: { limit: 100 } } });
  check(agents.data?.items.some((a) => a.name === agent), "list agents");

  const one = await client.GET("/v1/agents/{name}", { params: { path: { name: agent } } });
  check(one.data?.systemPrompt.length, "get agent");

  const hits = await client.POST("/v1/agents/lookup", { body: { query: "vacuum and index tuning for PostgreSQL" } });
  check(hits.data?.items.length, "lookup");

  const validation = await client.POST("/v1/agents/validate", {
    body: "---\nname: reviewer\ndescription: Reviews pull requests.\n---\nYou review.\n",
    headers: { "Content-Type": "text/markdown" },
    bodySerializer: (body: string) => body,
  });
  check(validation.data?.valid === true, `validate: ${JSON.stringify(validation.error ?? validation.data)}`);

  const team = `ts-${marker}`;
  const created = await client.POST("/v1/sessions", { body: { agent, metadata: { team } } });
  check(created.response.status === 201 && created.data, "create session");
  const sessionId = created.data.id;
  const got = await client.GET("/v1/sessions/{id}", { params: { path: { id: sessionId } } });
  check(got.data?.agent === agent, "get session");
  const filtered = await client.GET("/v1/sessions", { params: { query: { metadata: [`team:${team}`] } } });
  check(filtered.data?.items.length === 1 && filtered.data.items[0].id === sessionId, "metadata filter");

  const blocking = await client.POST("/v1/tasks", { body: { agent, sessionId, input: `One ${marker}` } });
  const task: Task | undefined = blocking.data; // one type, not Task | string
  check(task?.status === "completed" && task.output, `blocking task: ${JSON.stringify(blocking.error)}`);

  const key = `ts-${marker}-key`;
  const body = { agent, sessionId, input: `Two ${marker}` };
  const accepted = await client.POST("/v1/tasks", {
    body,
    params: { header: { Prefer: "respond-async", "Idempotency-Key": key } },
  });
  check(accepted.response.status === 202 && accepted.data, "background task");
  const again = await client.POST("/v1/tasks", {
    body,
    params: { header: { Prefer: "respond-async", "Idempotency-Key": key } },
  });
  check(again.data?.id === accepted.data.id, "idempotent retry");

  const events = await client.GET("/v1/tasks/{id}/events", {
    params: { path: { id: accepted.data.id } },
    parseAs: "stream",
  });
  check(events.response.headers.get("content-type")?.startsWith("text/event-stream"), "events content type");
  const text = await new Response(events.data as ReadableStream).text();
  check(/^event: ?task$/m.test(text) && /^event: ?done$/m.test(text), `events as a stream: ${text}`);

  const next = await client.POST("/v1/sessions/{id}/messages", {
    params: { path: { id: sessionId } },
    body: { input: `Three ${marker}` },
  });
  check(next.data?.status === "completed", "continue");

  const streamed = await client.POST("/v1/tasks/stream", {
    body: { agent, sessionId, input: `Four ${marker}` },
    parseAs: "text",
  });
  check(streamed.data !== undefined && /^event: ?done$/m.test(streamed.data), "task created as a stream");

  const messages = await client.GET("/v1/sessions/{id}/messages", {
    params: { path: { id: sessionId }, query: { limit: 100 } },
  });
  check(messages.data?.items.length === 8, `messages: ${messages.data?.items.length}`);
  check(messages.data.items[0].usage === null, "a user message has usage null");

  const fork = await client.POST("/v1/sessions/{id}/fork", { params: { path: { id: sessionId } }, body: {} });
  check(fork.data?.messageCount === 8, "fork");

  const tasks = await client.GET("/v1/tasks", { params: { query: { sessionId } } });
  check(tasks.data?.items.length === 4, "list tasks");
  const ended = await client.POST("/v1/tasks/{id}/cancel", { params: { path: { id: task.id } } });
  problem(ended.error, 409, "cancel of a finished task");

  const deleted = await client.DELETE("/v1/sessions/{id}", { params: { path: { id: fork.data.id } } });
  check(deleted.response.status === 204, "delete");
  const missing = await client.GET("/v1/sessions/{id}", { params: { path: { id: fork.data.id } } });
  problem(missing.error, 404, "deleted session");
  const bad = await client.GET("/v1/tasks/{id}", { params: { path: { id: "not-a-uuid" } } });
  check(problem(bad.error, 400, "bad id").errors?.[0]?.field === "id", "bad id names the field");
  console.log("typescript client flow: ok");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

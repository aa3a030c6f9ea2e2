// The Node.js twin of tests/functions/python/ws_faults: records every event in an SQS FIFO queue (EVENTS_QUEUE_URL,
// if set), then does what the message asks: "action" "kill" (SIGKILL itself mid-invocation) or "garbage" (binary
// garbage to stdout, stderr and the runtime's pipes to the executor, then a normal answer), "seconds" (sleep that
// long), and answers {route, echo, connectionId, pid}. At import, if the file named by EXIT_AT_IMPORT_IF exists, the
// process exits with status 2.
import fs from "node:fs";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";

if (process.env.EXIT_AT_IMPORT_IF && fs.existsSync(process.env.EXIT_AT_IMPORT_IF)) {
  console.log("exiting at import");
  process.exit(2);
}

const sqs = new SQSClient({});
const GARBAGE = Buffer.concat([
  Buffer.from(Array.from({ length: 2048 }, (_, i) => i % 256)),
  Buffer.from("\n\u0000{not json\n"),
  Buffer.from([0xc3, 0x28, 0x0d, 0x0a, 0xfe, 0xff]),
  Buffer.from(" no newline at the end \u0000"),
]);

const record = async (event, context) =>
  process.env.EVENTS_QUEUE_URL &&
  sqs.send(
    new SendMessageCommand({
      QueueUrl: process.env.EVENTS_QUEUE_URL,
      MessageBody: JSON.stringify({ event, function: context.functionName, pid: process.pid }),
      MessageGroupId: "events",
      MessageDeduplicationId: context.awsRequestId, // one record per invocation
    }),
  );

// The executor's pipes (_LOCALSTACK_RUNTIME_FDS: the bootstrap removes it from process.env, but not from the
// environment the process started with). Other pipes are Node's own (libuv's signal pipe: garbage there crashes it).
function runtimePipes() {
  for (const variable of fs.readFileSync("/proc/self/environ").toString("latin1").split("\0")) {
    if (variable.startsWith("_LOCALSTACK_RUNTIME_FDS=")) return variable.split("=")[1].split(",").map(Number);
  }
  return [];
}

function writeGarbage() {
  for (const fd of [1, 2, ...runtimePipes()]) {
    try {
      fs.writeSync(fd, GARBAGE);
    } catch {} // the pipe the runtime reads from
  }
}

export const handler = async (event, context) => {
  const { routeKey, connectionId } = event.requestContext;
  await record(event, context);
  if (routeKey === "$connect" || routeKey === "$disconnect") return { statusCode: 200 };
  let message = {};
  try {
    message = JSON.parse(event.body);
  } catch {}
  if (message?.action === "kill") {
    console.log("killing myself");
    process.kill(process.pid, "SIGKILL");
  }
  if (message?.action === "garbage") writeGarbage();
  const seconds = Number(message?.seconds || 0);
  if (seconds) await new Promise((resolve) => setTimeout(resolve, 1000 * seconds));
  const answer = { route: routeKey, echo: event.body, connectionId, pid: process.pid };
  return { statusCode: 200, body: JSON.stringify(answer) };
};

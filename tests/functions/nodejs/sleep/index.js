// Async handler that takes event.ms milliseconds (for timeout, concurrency and shutdown tests); with event.hold_mb
// it holds that much resident memory meanwhile ("Max Memory Used").
exports.handler = async (event) => {
  console.log("sleeping", event.ms);
  const held = Buffer.alloc((event.hold_mb || 0) * 1024 * 1024, 1);
  await new Promise((resolve) => setTimeout(resolve, event.ms));
  return { slept: event.ms, pid: process.pid, held: held.length };
};

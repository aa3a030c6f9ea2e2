// Async handler that takes event.ms milliseconds (for timeout, concurrency and shutdown tests).
exports.handler = async (event) => {
  console.log("sleeping", event.ms);
  await new Promise((resolve) => setTimeout(resolve, event.ms));
  return { slept: event.ms, pid: process.pid };
};

// Async handler that fails: errorType "TypeError", errorMessage "boom <n>".
exports.handler = async (event) => {
  throw new TypeError("boom " + event.n);
};

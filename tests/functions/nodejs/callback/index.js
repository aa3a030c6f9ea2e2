// Callback-style handler.
exports.handler = (event, context, callback) => {
  callback(null, { ok: true, n: event.n });
};

// Ends the runtime process in the middle of an invoke (exit code 3), without a reply.
exports.handler = async () => {
  process.exit(3);
};

// Handler in a subdirectory with a nested export path: _HANDLER = "src/lib/app.handlers.main".
exports.handlers = {
  main: async (event) => ({ nested: true }),
};

// Fails at init: Runtime.ImportModuleError "Error: Cannot find module 'this-module-does-not-exist'...".
require("this-module-does-not-exist");

exports.handler = async () => ({ unreachable: true });

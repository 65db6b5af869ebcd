// Entry point the integration tests spawn: exactly server/main.ts, under a command line of its own.
// Other engineers' clean-up on this shared machine signals processes whose command line names
// server/main.ts; a distinct name keeps our servers (and only ours) under our tests' control.
import "../../server/main.ts";

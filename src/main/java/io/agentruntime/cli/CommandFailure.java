package io.agentruntime.cli;

/** Ends a command with its exit code and one line, already in the words of command mode. */
class CommandFailure extends RuntimeException {

    private final int exitCode;

    CommandFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    Failure failure() {
        return new Failure(exitCode, getMessage());
    }
}

package io.agentruntime.cli;

/** The exit codes of command mode; documented in the README ("Command mode"). */
final class ExitCode {

    static final int OK = 0;
    /** Anything not listed below: a failed task, an invalid agent file, an unexpected error. */
    static final int FAILURE = 1;
    /** Bad arguments or input (picocli's own code for usage errors). */
    static final int USAGE = 2;
    /** The agent or session named does not exist. */
    static final int NOT_FOUND = 3;
    /** The model provider failed, or none is configured for the model. */
    static final int PROVIDER = 4;
    /** PostgreSQL cannot be reached. */
    static final int DATABASE = 5;

    private ExitCode() {}
}

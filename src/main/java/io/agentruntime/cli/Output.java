package io.agentruntime.cli;

/** {@code --output}: text for people and scripts that want the answer only, json for the whole record. */
enum Output {
    TEXT,
    JSON
}

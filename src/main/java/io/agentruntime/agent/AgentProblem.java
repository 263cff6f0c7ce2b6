package io.agentruntime.agent;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A {@link LoadProblem} with its severity: warnings are kept agents with a remark, errors lost
 * something (a file dropped or unreadable) and fail the start when {@code agents.strict=true}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "AgentProblem", description = "Something wrong in an agent file and what the loader did about it")
public record AgentProblem(
        @Schema(description = "Origin and path of the file", example = "/etc/agents/reviewer.md")
        String file,

        @Schema(description = "1-based line, absent when it concerns the whole file", example = "3")
        Integer line,

        @Schema(description = "ERROR: something was lost; WARNING: loaded with a remark", example = "WARNING")
        Severity severity,

        @Schema(
                description = "What is wrong",
                example = "name 'reviewer' differs from the file name 'code-reviewer.md'")
        String message,

        @Schema(description = "What the loader did", example = "kept the front-matter name")
        String action) {

    public enum Severity {
        ERROR,
        WARNING
    }

    public static AgentProblem error(String file, Integer line, String message, String action) {
        return new AgentProblem(file, line, Severity.ERROR, message, action);
    }

    public static AgentProblem warning(String file, Integer line, String message, String action) {
        return new AgentProblem(file, line, Severity.WARNING, message, action);
    }

    @JsonIgnore
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    public LoadProblem toLoadProblem() {
        return new LoadProblem(file, line, message, action);
    }

    /** One line for logs and start-up failures. */
    public String describe() {
        return file + (line == null ? "" : ":" + line) + ": " + message + " (" + action + ")";
    }
}

package io.agentruntime.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.auth.Roles;
import io.agentruntime.auth.key.ApiKeyView;
import io.agentruntime.auth.key.ApiKeys;
import io.agentruntime.auth.key.CreatedApiKey;
import io.agentruntime.auth.key.NewApiKey;
import io.agentruntime.common.Page;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code keys create|list|revoke}: API keys from the command line, against the server's database. This is
 * how the first administrator key of a cluster is made (a Job or {@code kubectl exec}); after that an
 * administrator can use {@code /v1/admin/keys}.
 */
@Command(name = "keys", description = "Create, list and revoke API keys.", mixinStandardHelpOptions = true)
public class KeysCommand {

    /** Who made a key from the command line, as lists show it. */
    static final String CREATED_BY = "command-mode";

    @Spec
    CommandSpec spec;

    private final ApiKeys keys;
    private final ObjectMapper json;

    public KeysCommand(ApiKeys keys, ObjectMapper json) {
        this.keys = keys;
        this.json = json;
    }

    @Command(
            name = "create",
            description = "Create a key and print it (standard output: the key alone, unless --output json). "
                    + "It is shown only this once.",
            mixinStandardHelpOptions = true)
    int create(
            @Option(names = "--tenant", required = true, paramLabel = "TENANT", description = "The tenant it acts for")
                    String tenant,
            @Option(names = "--name", required = true, paramLabel = "NAME", description = "What it is for, e.g. ci")
                    String name,
            @Option(names = "--role", defaultValue = Roles.CALLER, paramLabel = "caller|admin", description = "Role")
                    String role,
            @Option(
                            names = "--expires",
                            paramLabel = "DURATION",
                            description = "Lifetime as an ISO-8601 duration, e.g. P30D; never expires without it")
                    String expires,
            @Option(names = "--output", defaultValue = "text", description = "text (the key) or json") Output output)
            throws IOException {
        CreatedApiKey created = keys.create(new NewApiKey(tenant, name, role, expiry(expires), CREATED_BY));
        PrintWriter out = spec.commandLine().getOut();
        if (output == Output.JSON) {
            out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(created));
        } else {
            out.println(created.secret());
            PrintWriter err = spec.commandLine().getErr();
            err.println("Created API key " + created.key().id() + " ("
                    + created.key().prefix() + ") for tenant " + tenant + ", role "
                    + created.key().role() + ". Store it now: it is not shown again.");
            err.flush();
        }
        out.flush();
        return ExitCode.OK;
    }

    @Command(name = "list", description = "List the keys (never the keys themselves).", mixinStandardHelpOptions = true)
    int list(
            @Option(names = "--tenant", paramLabel = "TENANT", description = "Only this tenant's keys") String tenant,
            @Option(names = "--output", defaultValue = "text", description = "text (a table) or json") Output output)
            throws IOException {
        List<ApiKeyView> all = new ArrayList<>();
        String cursor = null;
        do {
            Page<ApiKeyView> page = keys.list(tenant, Page.MAX_LIMIT, cursor);
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        PrintWriter out = spec.commandLine().getOut();
        if (output == Output.JSON) {
            out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(all));
        } else {
            for (ApiKeyView k : all) {
                out.println(String.join(
                        "  ",
                        k.id().toString(),
                        k.prefix(),
                        k.tenant(),
                        k.role(),
                        state(k),
                        "last used " + Objects.toString(k.lastUsedAt(), "never"),
                        k.name()));
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    @Command(name = "revoke", description = "Revoke a key: it stops working at once.", mixinStandardHelpOptions = true)
    int revoke(@Parameters(paramLabel = "ID", description = "The key's id (keys list)") UUID id) {
        keys.revoke(id);
        spec.commandLine().getErr().println("Revoked API key " + id);
        spec.commandLine().getErr().flush();
        return ExitCode.OK;
    }

    private Instant expiry(String expires) {
        if (expires == null) {
            return null;
        }
        try {
            Duration lifetime = Duration.parse(expires);
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw new ParameterException(spec.commandLine(), "--expires must be a positive duration");
            }
            return Instant.now().plus(lifetime);
        } catch (DateTimeParseException e) {
            throw new ParameterException(
                    spec.commandLine(), "--expires must be an ISO-8601 duration such as P30D or PT12H");
        }
    }

    private static String state(ApiKeyView k) {
        if (k.revokedAt() != null) {
            return "revoked " + k.revokedAt();
        }
        return k.expiresAt() == null ? "active" : "expires " + k.expiresAt();
    }
}

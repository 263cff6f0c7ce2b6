package io.agentruntime.agent;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Where agent files are read from and how the catalog follows their changes. */
@ConfigMapping(prefix = "agents")
public interface AgentsConfig {

    /**
     * Folders read after the built-in agents, in order, each recursively ({@code *.md}; hidden files and
     * folders such as Kubernetes' {@code ..data} are skipped, symbolic links are followed). On a duplicate
     * name the later folder wins.
     */
    Optional<List<String>> dirs();

    /** Whether a problem that lost something (a file dropped or unreadable) fails the start; warnings never do. */
    @WithDefault("false")
    boolean strict();

    /** Whether the agents packaged with the service ({@code agents/} in the repository) are loaded first. */
    @WithDefault("true")
    boolean includeBuiltin();

    /** Following changes to the folders without a restart. */
    Reload reload();

    interface Reload {

        /** Whether the folders are watched and the catalog reloaded when their files change. */
        @WithDefault("true")
        boolean enabled();

        /** How often the folders are rescanned, for file systems where change notifications do not arrive. */
        @WithDefault("5s")
        Duration interval();

        /** Quiet time after a change before reloading, so that a burst of changes makes one reload. */
        @WithDefault("200ms")
        Duration debounce();
    }
}

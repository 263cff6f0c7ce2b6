package io.agentruntime.cli;

import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine;

/** {@code --version}: the application's name and version from its configuration. */
class Version implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        var config = ConfigProvider.getConfig();
        return new String[] {
            config.getOptionalValue("quarkus.application.name", String.class).orElse(AgentRuntimeCommand.NAME) + " "
                    + config.getOptionalValue("quarkus.application.version", String.class)
                            .orElse("unknown")
        };
    }
}

package io.agentruntime.provider;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.util.Map;
import java.util.Optional;

/** How the model names used by agents ({@code inherit}, aliases, ids) map to providers: {@code models.*}. */
@ConfigMapping(prefix = "models")
public interface ModelsConfig {

    /**
     * What {@code inherit} means: an alias or {@code provider/model}. Without it, the default model of
     * the first configured provider (by name).
     */
    @WithName("default")
    Optional<String> defaultModel();

    /** {@code models.aliases.<alias>=<provider>/<model>}, e.g. sonnet, opus, haiku, fast. */
    Map<String, String> aliases();
}

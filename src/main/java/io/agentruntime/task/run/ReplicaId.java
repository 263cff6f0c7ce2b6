package io.agentruntime.task.run;

import io.agentruntime.task.TasksConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/** This replica's name in task leases: unique per process, readable in the database. */
@ApplicationScoped
class ReplicaId {

    private final String value;

    ReplicaId(TasksConfig config) {
        this.value = config.worker()
                .replicaId()
                .filter(s -> !s.isBlank())
                .orElseGet(() -> host() + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    String value() {
        return value;
    }

    private static String host() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "replica";
        }
    }
}

package io.agentruntime.common;

import io.agentruntime.common.problem.Problem;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types Jackson serialises where Quarkus cannot see it, registered for reflection so that the native
 * executable keeps their accessors. problem+json bodies travel as {@code Response} entities, whose
 * declared type tells Quarkus nothing; {@link Page} is generic and may travel the same way. Records a feature owns can instead carry
 * {@code @RegisterForReflection} themselves; NativeReadinessTest finds the ones that are missing.
 */
@RegisterForReflection(targets = {Problem.class, Problem.FieldError.class, Page.class})
public final class ReflectionConfig {

    private ReflectionConfig() {}
}

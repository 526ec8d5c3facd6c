package io.shipwatch.platform.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Skips (or, in CI, fails) a test whose PostgreSQL or Redis cannot be found. */
final class InfraCondition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        StringBuilder missing = new StringBuilder();
        if (annotated(context, RequiresPostgres.class) && Infra.postgres().isEmpty()) {
            missing.append("PostgreSQL (set SHIPWATCH_TEST_POSTGRES_URL, run one on 127.0.0.1:5432, or start Docker) ");
        }
        if (annotated(context, RequiresRedis.class) && Infra.redis().isEmpty()) {
            missing.append("Redis (set SHIPWATCH_TEST_REDIS_URI, run one on 127.0.0.1:6379, or start Docker) ");
        }
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("infrastructure found");
        }
        String message = "missing " + missing.toString().trim();
        if (Infra.required()) {
            throw new IllegalStateException(message + " -- required because shipwatch.requireInfra is set");
        }
        return ConditionEvaluationResult.disabled(message);
    }

    private static boolean annotated(ExtensionContext context, Class<? extends java.lang.annotation.Annotation> type) {
        return context.getElement().map(e -> AnnotationSupport.isAnnotated(e, type)).orElse(false)
                || context.getTestClass().map(c -> AnnotationSupport.isAnnotated(c, type)).orElse(false);
    }
}

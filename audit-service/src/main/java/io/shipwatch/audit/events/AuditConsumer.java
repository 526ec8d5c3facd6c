package io.shipwatch.audit.events;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.shipwatch.platform.events.EventConsumer;
import io.shipwatch.platform.events.EventConsumers;

/**
 * Starts the consumer that feeds the audit log from status-service's StreamEvents when the
 * service starts (checkpoint row and leadership lock "audit"), and stops it on shutdown.
 */
@Factory
class AuditConsumer {
    static final String NAME = "audit";

    @Context
    @Bean(preDestroy = "close")
    EventConsumer auditEventConsumer(EventConsumers consumers, DeploymentEventsToAudit handler) {
        EventConsumer consumer = consumers.create(NAME, handler);
        consumer.start();
        return consumer;
    }
}

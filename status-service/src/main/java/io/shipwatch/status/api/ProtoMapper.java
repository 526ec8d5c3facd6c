package io.shipwatch.status.api;

import com.google.protobuf.Timestamp;
import io.shipwatch.platform.errors.Violations;
import io.shipwatch.platform.grpc.ProtoValues;
import io.shipwatch.status.domain.Deployment;
import io.shipwatch.status.domain.DeploymentEvent;
import io.shipwatch.status.domain.DeploymentState;
import io.shipwatch.status.domain.HistoryEntry;
import io.shipwatch.status.domain.Provider;
import io.shipwatch.status.domain.Target;
import java.time.Instant;
import java.util.UUID;

/** Maps between the proto contract and the domain, reporting bad proto input as field violations. */
public final class ProtoMapper {
    private ProtoMapper() {
    }

    public static io.shipwatch.status.v1.Deployment toProto(Deployment d) {
        io.shipwatch.status.v1.Deployment.Builder b = io.shipwatch.status.v1.Deployment.newBuilder()
                .setId(d.id().toString())
                .setService(d.service())
                .setEnvironment(d.environment())
                .setVersion(d.version())
                .setCommitSha(d.commitSha())
                .setDescription(d.description())
                .putAllLabels(d.labels())
                .setProduction(d.production())
                .setTarget(toProto(d.target()))
                .setState(toProto(d.state()))
                .setRevision(d.revision())
                .setCreatedBy(d.createdBy())
                .setCreateTime(timestamp(d.createTime()))
                .setUpdateTime(timestamp(d.updateTime()))
                .setLogUrl(d.logUrl());
        if (d.commitTime() != null) {
            b.setCommitTime(timestamp(d.commitTime()));
        }
        return b.build();
    }

    public static Deployment fromProto(io.shipwatch.status.v1.Deployment p) {
        return new Deployment(UUID.fromString(p.getId()), p.getService(), p.getEnvironment(), p.getVersion(),
                p.getCommitSha(), p.hasCommitTime() ? instant(p.getCommitTime()) : null, p.getDescription(),
                p.getLabelsMap(), p.getProduction(), fromProtoStored(p.getTarget()), fromProto(p.getState()),
                p.getRevision(), p.getCreatedBy(), instant(p.getCreateTime()), instant(p.getUpdateTime()), p.getLogUrl());
    }

    public static io.shipwatch.status.v1.DeploymentEvent toProto(DeploymentEvent e, long position) {
        io.shipwatch.status.v1.DeploymentEvent.Builder b = io.shipwatch.status.v1.DeploymentEvent.newBuilder()
                .setPosition(position)
                .setEventId(e.eventId().toString())
                .setType(switch (e.type()) {
                    case DEPLOYMENT_CREATED -> io.shipwatch.status.v1.EventType.EVENT_TYPE_DEPLOYMENT_CREATED;
                    case STATUS_CHANGED -> io.shipwatch.status.v1.EventType.EVENT_TYPE_STATUS_CHANGED;
                    case AUTO_INACTIVATED -> io.shipwatch.status.v1.EventType.EVENT_TYPE_AUTO_INACTIVATED;
                })
                .setDeployment(toProto(e.deployment()))
                .setToState(toProto(e.to()))
                .setActor(e.actor())
                .setOccurTime(timestamp(e.occurredAt()))
                .setTraceparent(e.traceparent());
        if (e.from() != null) {
            b.setFromState(toProto(e.from()));
        }
        return b.build();
    }

    public static io.shipwatch.status.v1.StatusHistoryEntry toProto(HistoryEntry h) {
        return io.shipwatch.status.v1.StatusHistoryEntry.newBuilder()
                .setState(toProto(h.state()))
                .setDescription(h.description())
                .setActor(h.actor())
                .setTime(timestamp(h.time()))
                .setLogUrl(h.logUrl())
                .setRevision(h.revision())
                .build();
    }

    public static io.shipwatch.status.v1.DeploymentState toProto(DeploymentState s) {
        return io.shipwatch.status.v1.DeploymentState.valueOf("DEPLOYMENT_STATE_" + s.name());
    }

    /** A requested state: unknown numbers and UNSPECIFIED are violations; returns null then. */
    public static DeploymentState state(int number, String field, Violations v) {
        io.shipwatch.status.v1.DeploymentState p = io.shipwatch.status.v1.DeploymentState.forNumber(number);
        if (p == null || p == io.shipwatch.status.v1.DeploymentState.DEPLOYMENT_STATE_UNSPECIFIED) {
            v.add(field, "must be one of " + validStates() + " (got " + number + ")");
            return null;
        }
        return fromProto(p);
    }

    public static Target target(io.shipwatch.status.v1.Target t, Violations v) {
        io.shipwatch.status.v1.Provider p = io.shipwatch.status.v1.Provider.forNumber(t.getProviderValue());
        Provider provider;
        if (p == null) {
            v.add("target.provider", "must be PROVIDER_KUBERNETES, PROVIDER_ECS, PROVIDER_CLOUD_RUN or PROVIDER_OTHER (got "
                    + t.getProviderValue() + ")");
            provider = Provider.OTHER;
        } else {
            provider = switch (p) {
                case PROVIDER_KUBERNETES -> Provider.KUBERNETES;
                case PROVIDER_ECS -> Provider.ECS;
                case PROVIDER_CLOUD_RUN -> Provider.CLOUD_RUN;
                default -> Provider.OTHER;
            };
        }
        return new Target(provider, t.getCluster(), t.getNamespace(), t.getWorkload(), t.getRegion());
    }

    /** Parses a deployment id; a malformed one is a violation and yields null. */
    public static UUID deploymentId(String id, String field, Violations v) {
        if (id.isEmpty()) {
            v.add(field, "is required");
            return null;
        }
        return ProtoValues.uuid(id, field, "a deployment id", v);
    }

    /** A timestamp the client sent; out-of-range values are violations. */
    public static Instant instant(Timestamp t, String field, Violations v) {
        return ProtoValues.instant(t, field, v);
    }

    public static Timestamp timestamp(Instant i) {
        return ProtoValues.timestamp(i);
    }

    private static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    private static io.shipwatch.status.v1.Target toProto(Target t) {
        io.shipwatch.status.v1.Provider p = switch (t.provider()) {
            case KUBERNETES -> io.shipwatch.status.v1.Provider.PROVIDER_KUBERNETES;
            case ECS -> io.shipwatch.status.v1.Provider.PROVIDER_ECS;
            case CLOUD_RUN -> io.shipwatch.status.v1.Provider.PROVIDER_CLOUD_RUN;
            case OTHER -> io.shipwatch.status.v1.Provider.PROVIDER_OTHER;
        };
        return io.shipwatch.status.v1.Target.newBuilder().setProvider(p).setCluster(t.cluster())
                .setNamespace(t.namespace()).setWorkload(t.workload()).setRegion(t.region()).build();
    }

    private static Target fromProtoStored(io.shipwatch.status.v1.Target t) {
        return target(t, new Violations());
    }

    /** A known (stored or validated) proto state as the domain state. */
    public static DeploymentState fromProto(io.shipwatch.status.v1.DeploymentState p) {
        return DeploymentState.valueOf(p.name().substring("DEPLOYMENT_STATE_".length()));
    }

    private static String validStates() {
        StringBuilder s = new StringBuilder();
        for (DeploymentState state : DeploymentState.values()) {
            s.append(s.length() == 0 ? "" : ", ").append("DEPLOYMENT_STATE_").append(state.name());
        }
        return s.toString();
    }

}

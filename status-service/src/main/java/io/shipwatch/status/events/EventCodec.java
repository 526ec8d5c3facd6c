package io.shipwatch.status.events;

import com.google.protobuf.InvalidProtocolBufferException;
import io.shipwatch.status.api.ProtoMapper;
import io.shipwatch.status.domain.Deployment;
import io.shipwatch.status.domain.DeploymentEvent;

/**
 * Events are stored as the protobuf {@code DeploymentEvent} they are served as (position 0
 * until read back): the stored form is the published contract, which buf breaking guards.
 */
public final class EventCodec {
    private EventCodec() {
    }

    public static byte[] encode(DeploymentEvent event) {
        return ProtoMapper.toProto(event, 0).toByteArray();
    }

    /** The stored event with its position filled in. */
    public static io.shipwatch.status.v1.DeploymentEvent decode(long position, byte[] payload) {
        try {
            return io.shipwatch.status.v1.DeploymentEvent.parseFrom(payload).toBuilder().setPosition(position).build();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored event at position " + position + " is corrupt", e);
        }
    }

    public static byte[] encode(Deployment deployment) {
        return ProtoMapper.toProto(deployment).toByteArray();
    }

    public static Deployment decodeDeployment(byte[] payload) {
        try {
            return ProtoMapper.fromProto(io.shipwatch.status.v1.Deployment.parseFrom(payload));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored response is corrupt", e);
        }
    }
}

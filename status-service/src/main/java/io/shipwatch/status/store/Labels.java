package io.shipwatch.status.store;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.util.Map;
import java.util.TreeMap;

/** Labels as a JSON object for the jsonb column (protobuf's JSON support does the escaping). */
final class Labels {
    private Labels() {
    }

    static String toJson(Map<String, String> labels) {
        Struct.Builder struct = Struct.newBuilder();
        new TreeMap<>(labels).forEach((k, v) -> struct.putFields(k, Value.newBuilder().setStringValue(v).build()));
        try {
            return JsonFormat.printer().omittingInsignificantWhitespace().print(struct);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> fromJson(String json) {
        Struct.Builder struct = Struct.newBuilder();
        try {
            JsonFormat.parser().merge(json, struct);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored labels are not a JSON object", e);
        }
        Map<String, String> labels = new TreeMap<>();
        struct.getFieldsMap().forEach((k, v) -> labels.put(k, v.getStringValue()));
        return labels;
    }
}

package xyz.scaledown.camel.model;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The three models of the ScaleDown Batch API, with the name each has on the wire.
 */
public enum ScaleDownModel {
    SUMMARIZE("summarize"),
    EXTRACT("extract"),
    CLASSIFY("classify");

    private final String wireName;

    ScaleDownModel(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /**
     * The model named {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted values when {@code name} is none of them
     */
    public static ScaleDownModel fromWireName(String name) {
        if (name != null) {
            String wanted = name.trim().toLowerCase(Locale.ROOT);
            for (ScaleDownModel model : values()) {
                if (model.wireName.equals(wanted)) {
                    return model;
                }
            }
        }
        throw new IllegalArgumentException("unknown model '" + name + "': expected one of "
                + Arrays.stream(values()).map(ScaleDownModel::wireName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return wireName;
    }
}

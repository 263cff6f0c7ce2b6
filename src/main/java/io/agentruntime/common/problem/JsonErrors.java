package io.agentruntime.common.problem;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What is wrong with a JSON body, in the caller's words. Jackson's own messages name our Java types
 * and its internals ({@code LinkedHashMap}, {@code StreamReadConstraints}); none of that is shown.
 */
final class JsonErrors {

    private static final String TRAILING = "unexpected data after the JSON document (one JSON value per body)";

    private JsonErrors() {}

    static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException) {
            return "is not a known field";
        }
        if (e instanceof StreamConstraintsException) {
            return "exceeds a size or nesting limit of request bodies";
        }
        if (e instanceof InvalidFormatException f) {
            return "is not " + expected(f.getTargetType());
        }
        if (e instanceof MismatchedInputException m) {
            String message = String.valueOf(m.getOriginalMessage());
            if (message.startsWith("Trailing token")) {
                return TRAILING;
            }
            if (message.startsWith("No content to map")) {
                return "the body is empty";
            }
            if (message.contains("null") && message.contains("primitive")) {
                return "must not be null";
            }
            return "must be " + expected(m.getTargetType());
        }
        if (e instanceof JsonEOFException) {
            return "the JSON document ends too early" + at(e.getLocation());
        }
        if (e instanceof JsonParseException) {
            return "malformed JSON" + at(e.getLocation());
        }
        return "malformed JSON";
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** The JSON shape a Java type is read from. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "a value of the expected kind";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a JSON object";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a JSON array";
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type == UUID.class) {
            return "a UUID string";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an RFC 3339 time";
        }
        if (type.isEnum()) {
            return "one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(c -> ((Enum<?>) c).name().toLowerCase(java.util.Locale.ROOT))
                            .collect(Collectors.joining(", "));
        }
        return "a JSON object";
    }
}

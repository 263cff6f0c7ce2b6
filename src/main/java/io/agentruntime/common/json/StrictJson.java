package io.agentruntime.common.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.util.function.BiFunction;

/**
 * The one rule for every request body: an unknown field, data after the JSON document (a second
 * document included) or a NUL character anywhere (PostgreSQL cannot store it) is a 400 naming the
 * field. Used as {@code @CustomDeserialization(StrictJson.class)} on resource methods and directly
 * where a body is read by hand. The application's global mapper stays lenient: it also reads the
 * model providers' answers, which may gain fields at any time.
 */
public class StrictJson implements BiFunction<ObjectMapper, Type, ObjectReader> {

    @Override
    public ObjectReader apply(ObjectMapper mapper, Type type) {
        return reader(mapper).forType(mapper.constructType(type));
    }

    /** A strict reader on the mapper's settings. */
    public static ObjectReader reader(ObjectMapper mapper) {
        return mapper.reader()
                .with(new NulRefusingFactory(mapper.getFactory(), mapper))
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    /** A body read by hand, strictly; null for the JSON literal {@code null}. */
    public static <T> T read(ObjectMapper mapper, String body, Class<T> type) throws JsonProcessingException {
        return reader(mapper).forType(type).readValue(body);
    }

    /** A body read as a tree, strictly (trailing data and NUL characters refused). */
    public static JsonNode readTree(ObjectMapper mapper, String body) throws JsonProcessingException {
        return reader(mapper).readTree(body);
    }

    /** A tree converted to a type, refusing unknown fields. */
    public static <T> T convert(ObjectMapper mapper, JsonNode node, Class<T> type) throws JsonProcessingException {
        try {
            return reader(mapper).forType(type).readValue(node);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            // A tree in memory has no I/O to fail.
            throw new UncheckedIOException(e);
        }
    }
}

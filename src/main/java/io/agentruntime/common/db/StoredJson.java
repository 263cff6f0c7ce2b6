package io.agentruntime.common.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * The text of the {@code jsonb} columns written in plain SQL ({@link Sql}). Written by a mapper of this class's
 * own, never the REST API's: a change to how the API writes JSON must not change what is stored (Hibernate's
 * own JSON mapper does the same for the entities' columns, {@code quarkus.hibernate-orm.mapping.format.global
 * =ignore}).
 */
public final class StoredJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    private StoredJson() {}

    /** The value as stored; null stays null. */
    public static String write(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Could not write a JSON column", e);
        }
    }

    /** A stored JSON object as a map; null stays null. */
    public static Map<String, Object> readObject(String column) {
        if (column == null) {
            return null;
        }
        try {
            return MAPPER.readValue(column, OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not read a JSON column", e);
        }
    }
}

package io.agentruntime.common.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import io.agentruntime.common.problem.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Parsers that refuse a NUL character ({@code \u0000}) in any string or key, however deeply nested:
 * PostgreSQL cannot store it in text or jsonb, so letting it through ends in a database error.
 * Refused while parsing, the caller gets a 400 naming the field instead.
 */
final class NulRefusingFactory extends JsonFactory {

    NulRefusingFactory(JsonFactory src, ObjectCodec codec) {
        super(src, codec);
    }

    @Override
    public JsonFactory copy() {
        return new NulRefusingFactory(this, getCodec());
    }

    @Override
    protected JsonParser _createParser(InputStream in, IOContext ctxt) throws IOException {
        return new Checking(super._createParser(in, ctxt));
    }

    @Override
    protected JsonParser _createParser(Reader r, IOContext ctxt) throws IOException {
        return new Checking(super._createParser(r, ctxt));
    }

    @Override
    protected JsonParser _createParser(char[] data, int offset, int len, IOContext ctxt, boolean recyclable)
            throws IOException {
        return new Checking(super._createParser(data, offset, len, ctxt, recyclable));
    }

    @Override
    protected JsonParser _createParser(byte[] data, int offset, int len, IOContext ctxt) throws IOException {
        return new Checking(super._createParser(data, offset, len, ctxt));
    }

    /** Checks each string and key as it is read; the shortcuts go through nextToken so none escapes. */
    static final class Checking extends JsonParserDelegate {

        Checking(JsonParser d) {
            super(d);
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken token = delegate.nextToken();
            if (token == JsonToken.VALUE_STRING || token == JsonToken.FIELD_NAME) {
                String text = delegate.getText();
                if (text != null && text.indexOf('\u0000') >= 0) {
                    throw refused(token == JsonToken.FIELD_NAME);
                }
            }
            return token;
        }

        @Override
        public JsonToken nextValue() throws IOException {
            JsonToken t = nextToken();
            return t == JsonToken.FIELD_NAME ? nextToken() : t;
        }

        @Override
        public String nextFieldName() throws IOException {
            return nextToken() == JsonToken.FIELD_NAME ? delegate.currentName() : null;
        }

        @Override
        public boolean nextFieldName(SerializableString str) throws IOException {
            return nextToken() == JsonToken.FIELD_NAME && str.getValue().equals(delegate.currentName());
        }

        @Override
        public String nextTextValue() throws IOException {
            return nextToken() == JsonToken.VALUE_STRING ? delegate.getText() : null;
        }

        private ProblemException refused(boolean key) {
            String field = path(delegate.getParsingContext(), key);
            String what = key ? "keys must not contain" : "must not contain";
            return ProblemException.badField(field.isEmpty() ? "body" : field, what + " the NUL character (\\u0000)");
        }

        /** metadata.tags[2]: the field's path in the caller's document; for a bad key, its object's. */
        private static String path(JsonStreamContext context, boolean key) {
            Deque<String> parts = new ArrayDeque<>();
            JsonStreamContext c = context;
            boolean skipName = key;
            for (; c != null && !c.inRoot(); c = c.getParent()) {
                if (c.inArray()) {
                    parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
                } else if (skipName) {
                    skipName = false;
                } else if (c.getCurrentName() != null) {
                    parts.push("." + c.getCurrentName());
                }
            }
            String joined = String.join("", parts);
            return joined.startsWith(".") ? joined.substring(1) : joined;
        }
    }
}

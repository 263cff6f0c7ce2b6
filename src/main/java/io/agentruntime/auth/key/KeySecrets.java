package io.agentruntime.auth.key;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of a key: {@code ark_<lookup>_<secret>}, both parts base62 (safe in headers, URLs and shells).
 * The lookup id (12 characters) finds the row and is not secret; the secret is 32 random bytes.
 *
 * <p>Stored as SHA-256 of the whole key. A slow password hash (bcrypt, Argon2) protects guessable
 * passwords; a key with 256 random bits cannot be guessed however fast the hash, and checking it runs on
 * every request, so one fast hash is the right cost. Compared in constant time all the same.
 */
final class KeySecrets {

    static final String PREFIX = "ark_";
    static final int LOOKUP_LENGTH = 12;
    private static final int SECRET_BYTES = 32;
    /** 62^43 > 2^256: 32 bytes always fit. */
    private static final int SECRET_LENGTH = 43;

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final Pattern KEY = Pattern.compile(
            Pattern.quote(PREFIX) + "([0-9A-Za-z]{" + LOOKUP_LENGTH + "})_[0-9A-Za-z]{" + SECRET_LENGTH + "}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeySecrets() {}

    /** A new key: its lookup id and the whole key. */
    record Generated(String lookupId, String key) {}

    static Generated generate() {
        StringBuilder lookup = new StringBuilder(LOOKUP_LENGTH);
        for (int i = 0; i < LOOKUP_LENGTH; i++) {
            lookup.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return new Generated(lookup.toString(), PREFIX + lookup + "_" + base62(secret));
    }

    /** The lookup id of something shaped like a key; empty for anything else. */
    static Optional<String> lookupId(String presented) {
        Matcher m = presented == null ? null : KEY.matcher(presented);
        return m != null && m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** Whether a presented key is the one stored, in time that does not depend on where they differ. */
    static boolean matches(String presented, byte[] storedHash) {
        return MessageDigest.isEqual(hash(presented), storedHash);
    }

    /** The non-secret part lists show: {@code ark_<lookup>}. */
    static String displayPrefix(String lookupId) {
        return PREFIX + lookupId;
    }

    private static String base62(byte[] bytes) {
        BigInteger n = new BigInteger(1, bytes);
        BigInteger base = BigInteger.valueOf(BASE62.length());
        char[] out = new char[SECRET_LENGTH];
        for (int i = SECRET_LENGTH - 1; i >= 0; i--) {
            BigInteger[] qr = n.divideAndRemainder(base);
            out[i] = BASE62.charAt(qr[1].intValue());
            n = qr[0];
        }
        return new String(out);
    }
}

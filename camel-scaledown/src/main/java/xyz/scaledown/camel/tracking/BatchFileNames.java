package xyz.scaledown.camel.tracking;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

import xyz.scaledown.camel.batching.Sha256;

/**
 * Maps a batch id to a safe file name stem and back. Plain ids ({@code [A-Za-z0-9_-]}) are used as they are; others
 * are base64url-encoded behind a '~' (which plain ids cannot contain); ids too long for a file name are hashed behind
 * a '#' and cannot be decoded (the record file holds the real id).
 */
final class BatchFileNames {

    static final String METADATA_SUFFIX = ".batch.json";
    static final String ITEMS_SUFFIX = ".items";
    static final String DELIVERED_SUFFIX = ".delivered";

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_-]{1,150}");
    private static final int MAX_STEM = 180;

    private BatchFileNames() {
    }

    static String stem(String batchId) {
        if (PLAIN.matcher(batchId).matches()) {
            return batchId;
        }
        byte[] id = batchId.getBytes(StandardCharsets.UTF_8);
        String encoded = "~" + Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        if (encoded.length() <= MAX_STEM) {
            return encoded;
        }
        return "#" + HexFormat.of().formatHex(Sha256.newDigest().digest(id));
    }

    /** The batch id of a stem, or the stem itself when it is a hash. */
    static String batchId(String stem) {
        try {
            return stem.startsWith("~")
                    ? new String(Base64.getUrlDecoder().decode(stem.substring(1)), StandardCharsets.UTF_8) : stem;
        } catch (IllegalArgumentException e) {
            return stem;
        }
    }

    /** The stem of a store file name, or null when the name is not one of the store's files. */
    static String stemOf(String fileName) {
        for (String suffix : new String[] { METADATA_SUFFIX, ITEMS_SUFFIX, DELIVERED_SUFFIX }) {
            if (fileName.endsWith(suffix) && fileName.length() > suffix.length()) {
                return fileName.substring(0, fileName.length() - suffix.length());
            }
        }
        return null;
    }
}

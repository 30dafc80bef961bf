package xyz.scaledown.bench.data;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The benchmark's data set, the same for every variant: item {@code i} is fully determined by its index. Models are
 * mixed 60 % summarize, 20 % extract, 20 % classify; texts are 200 to 1,500 characters of sentences that name people,
 * companies, amounts and dates, so every model has something to find.
 */
public final class BenchItems {

    public static final Map<String, String> ENTITIES = Map.of(
            "person", "people named in the text",
            "company", "organisations and companies",
            "amount", "money amounts",
            "when", "dates");

    public static final List<Map<String, String>> LABELS = List.of(
            Map.of("name", "billing", "rubric", "Is it about a charge, an invoice or a refund?"),
            Map.of("name", "technical", "rubric", "Is it about a bug, a crash or an error?"),
            Map.of("name", "shipping", "rubric", "Is it about a delivery or a parcel?"));

    private static final int MIN_CHARS = 200;
    private static final int MAX_CHARS = 1500;
    private static final long SEED = 20_240_312L;

    private static final String[] PEOPLE = {"John Smith", "Maria Garcia", "Wei Chen", "Aisha Khan", "Tom Novak"};
    private static final String[] COMPANIES = {"Acme Holdings Ltd", "Globex Corp", "Initech GmbH", "Umbrella plc"};
    private static final String[] AMOUNTS = {"$12,500", "$480", "$1,250,000", "$99"};
    private static final String[] DATES = {"12 March 2024", "1 July 2023", "30 November 2024", "5 May 2025"};
    private static final String[] WORDS = {"the", "agreement", "invoice", "customer", "refund", "delivery", "parcel",
            "was", "signed", "charged", "twice", "error", "crash", "report", "notice", "months", "party", "supplier",
            "fee", "monthly", "account", "support", "ticket", "shipment", "late", "payment", "contract", "terms"};

    private BenchItems() {
    }

    /** The model of item {@code index}: {@code summarize}, {@code extract} or {@code classify}. */
    public static String model(long index) {
        int slot = (int) (index % 10);
        return slot < 6 ? "summarize" : slot < 8 ? "extract" : "classify";
    }

    public static String customId(long index) {
        return "item-" + index;
    }

    /** A deterministic text of 200..1500 characters made of whole sentences. */
    public static String text(long index) {
        SplittableRandom random = new SplittableRandom(SEED ^ (index * 0x9E3779B97F4A7C15L));
        int target = MIN_CHARS + random.nextInt(MAX_CHARS - MIN_CHARS + 1);
        // room for the last sentence, so the builder never grows
        StringBuilder text = new StringBuilder(target + 256);
        while (text.length() < target) {
            appendSentence(text, random);
        }
        text.setLength(Math.min(text.length(), MAX_CHARS));
        return text.toString();
    }

    private static void appendSentence(StringBuilder text, SplittableRandom random) {
        if (!text.isEmpty()) {
            text.append(' ');
        }
        text.append(pick(PEOPLE, random)).append(" of ").append(pick(COMPANIES, random));
        int words = 6 + random.nextInt(10);
        for (int w = 0; w < words; w++) {
            text.append(' ').append(pick(WORDS, random));
        }
        text.append(" for ").append(pick(AMOUNTS, random)).append(" on ").append(pick(DATES, random)).append('.');
    }

    private static String pick(String[] values, SplittableRandom random) {
        return values[random.nextInt(values.length)];
    }
}

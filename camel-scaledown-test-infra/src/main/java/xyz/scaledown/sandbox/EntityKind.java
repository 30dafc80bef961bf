package xyz.scaledown.sandbox;

import java.util.Locale;

/** The kinds of entity the {@code extract} model can find, chosen from a label and its description. */
public enum EntityKind {
    DATE("date", "dates", "day", "deadline", "when", "time", "period"),
    MONEY("money", "amount", "amounts", "price", "prices", "cost", "costs", "fee", "fees", "salary",
            "currency", "payment", "value", "sum", "budget", "revenue"),
    ORGANISATION("org", "orgs", "organisation", "organisations", "organization", "organizations", "company",
            "companies", "firm", "firms", "employer", "institution", "bank", "corporation", "business", "vendor",
            "supplier", "customer"),
    PERSON("person", "persons", "people", "name", "names", "individual", "individuals", "employee", "signatory",
            "who", "contact"),
    /** No rule fits: the label yields no spans. */
    NONE;

    private final String[] keywords;

    EntityKind(String... keywords) {
        this.keywords = keywords;
    }

    /** The kind named by the label's own words, else by its description's words, else {@link #NONE}. */
    public static EntityKind forLabel(String label, String description) {
        EntityKind kind = fromWords(label);
        return kind != NONE ? kind : fromWords(description);
    }

    private static EntityKind fromWords(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        String[] words = text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
        for (EntityKind kind : values()) {
            for (String keyword : kind.keywords) {
                for (String word : words) {
                    if (word.equals(keyword)) {
                        return kind;
                    }
                }
            }
        }
        return NONE;
    }
}

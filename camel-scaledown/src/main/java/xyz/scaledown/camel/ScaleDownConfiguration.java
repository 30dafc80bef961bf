package xyz.scaledown.camel;

import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.sql.DataSource;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Configurer;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.support.jsse.SSLContextParameters;

import xyz.scaledown.camel.batching.ItemParameters;
import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;
import xyz.scaledown.camel.client.ScaleDownClientSettings;
import xyz.scaledown.camel.tracking.BatchTracker;

/**
 * The options of a {@code scaledown:} endpoint; set on the component, they are the defaults of every endpoint.
 */
@Configurer
@UriParams
public class ScaleDownConfiguration implements Cloneable {

    public static final String DEFAULT_BASE_URL = ScaleDownClientSettings.DEFAULT_BASE_URL;
    /** The environment variable the key comes from when the apiKey option is not set. */
    public static final String ENV_API_KEY = "SCALEDOWN_API_KEY";
    /** The environment variable that overrides the default base URL. */
    public static final String ENV_API_BASE = "SCALEDOWN_API_BASE";

    @UriParam(label = "security", secret = true,
              description = "The ScaleDown API key. When not set, the SCALEDOWN_API_KEY environment variable is used,"
                      + " but only for the default host or the host in SCALEDOWN_API_BASE.")
    private String apiKey;
    @UriParam(defaultValue = DEFAULT_BASE_URL,
              description = "The base URL of the API; a trailing /v1 is accepted. Defaults to SCALEDOWN_API_BASE when"
                      + " that environment variable is set.")
    private String baseUrl;
    @UriParam(label = "advanced", defaultValue = "10000", javaType = "java.time.Duration",
              description = "How long to wait for a connection to the API.")
    private long connectTimeout = 10_000;
    @UriParam(label = "advanced", defaultValue = "60000", javaType = "java.time.Duration",
              description = "How long to wait for the API to answer (socket read timeout).")
    private long requestTimeout = 60_000;
    @UriParam(label = "advanced", defaultValue = "3",
              description = "How many times a call is retried on 5xx, 429 and I/O errors (see the docs for submit).")
    private int maxRetries = 3;
    @UriParam(label = "advanced", defaultValue = "2000", javaType = "java.time.Duration",
              description = "The delay before the first retry; each next delay is multiplied by retryMultiplier.")
    private long retryInitialDelay = 2_000;
    @UriParam(label = "advanced", defaultValue = "2.0", description = "The factor between two retry delays.")
    private double retryMultiplier = 2.0;
    @UriParam(label = "advanced", defaultValue = "60000", javaType = "java.time.Duration",
              description = "The longest delay between two tries, Retry-After included.")
    private long retryMaxDelay = 60_000;
    @UriParam(label = "advanced", defaultValue = "0.0",
              description = "The share (0 to 1) of each retry delay that is randomised, so clients do not retry in step.")
    private double retryJitter;
    @UriParam(label = "security", defaultValue = "false",
              description = "Allow plain http to a host other than loopback (the key would travel in clear).")
    private boolean allowInsecureHttp;
    @UriParam(label = "proxy", description = "The HTTP proxy host.")
    private String proxyHost;
    @UriParam(label = "proxy", description = "The HTTP proxy port.")
    private Integer proxyPort;
    @UriParam(label = "security", description = "TLS settings (trust store, key store, protocols) for the API calls.")
    private SSLContextParameters sslContextParameters;

    @UriParam(label = "advanced",
              description = "Where submitted batches are tracked until their results are delivered. Defaults to a"
                      + " JDBC store when trackerDataSource is set, a file store when trackerDirectory is set, otherwise"
                      + " to the component's in-memory tracker.")
    private BatchTracker tracker;
    @UriParam(description = "A directory where submitted batches and delivery progress are kept, so that results"
            + " survive a restart. All endpoints naming the same directory share one tracker.")
    private String trackerDirectory;

    // tracking on a database that several nodes share
    @UriParam(label = "advanced",
              description = "A javax.sql.DataSource (e.g. #scaledownDs) on PostgreSQL or H2 where submitted batches are"
                      + " tracked. Every node running scaledown:results on the same database sees every batch, and"
                      + " the nodes split the batches between them through row leases. Not together with"
                      + " trackerDirectory.")
    private DataSource trackerDataSource;
    @UriParam(label = "advanced", defaultValue = "true",
              description = "Whether the JDBC tracker (trackerDataSource) creates its tables at start when they are"
                      + " missing. Set false when DBAs own the schema: the tables must then exist (DDL in the docs).")
    private boolean createTables = true;
    @UriParam(label = "advanced", defaultValue = "60000", javaType = "java.time.Duration",
              description = "How long a node's lease on a batch of the JDBC tracker lasts; renewed while the batch is"
                      + " emitted. When a node dies, another one resumes its batch once the lease ran out.")
    private long leaseDuration = 60_000;
    @UriParam(label = "advanced", defaultValue = "30000", javaType = "java.time.Duration",
              description = "How long any one statement of the JDBC tracker and submit intents (trackerDataSource) may"
                      + " run before the driver cancels it (JDBC query timeout, whole seconds, at least 1; 0: no limit),"
                      + " so a lock held elsewhere or a network partition fails the call instead of blocking its thread."
                      + " Set it on the component: endpoints on one DataSource share one tracker.")
    private long queryTimeout = 30_000;

    @UriParam(description = "The batch id for status, output, or a results consumer watching one batch. When not"
            + " set, status and output read the CamelScaleDownBatchId header (or the body), and results watches every"
            + " tracked batch.")
    private String batchId;

    // the parameters of a plain-text item; each header of the same meaning overrides its option
    @UriParam(label = "producer", enums = "summarize,extract,classify",
              description = "The model of a plain-text body (submit, and header CamelScaleDownModel overrides it)."
                      + " Without a model from header or option, a text body is read as JSON.")
    private String model;
    @UriParam(label = "producer",
              description = "Summarize instructions, or the extract instruction, of a plain-text body.")
    private String instructions;
    @UriParam(label = "producer", description = "Summarize max_tokens of a plain-text body.")
    private Integer maxTokens;
    @UriParam(label = "producer",
              description = "Extract entities of a plain-text body: 'label:description;label2:description2' or a JSON"
                      + " object of label to description.")
    private String entities;
    @UriParam(label = "producer",
              description = "Classify labels of a plain-text body: 'name:rubric;name2:rubric2', a JSON array of"
                      + " {name, rubric} or a JSON object of name to rubric.")
    private String labels;
    @UriParam(label = "producer", description = "Classify system_prompt of a plain-text body.")
    private String systemPrompt;

    @UriParam(label = "producer", defaultValue = "true",
              description = "Whether submit registers the batch with the tracker, so that a results consumer picks it up.")
    private boolean trackSubmitted = true;
    @UriParam(label = "producer", defaultValue = "false",
              description = "Whether submit sends again a batch whose earlier POST may or may not have created it (the"
                      + " process died or the connection broke during the POST, and the batch came back through"
                      + " recovery or redelivery). false: it is reported to the error handler with its items named"
                      + " and not sent; true: it is sent again, so it may then exist twice. The"
                      + " CamelScaleDownResubmitUncertain header overrides it.")
    private boolean resubmitUncertain;
    @UriParam(label = "producer", defaultValue = "86400000", javaType = "java.time.Duration",
              description = "How long submit keeps a submit key (the batch's content fingerprint, or the"
                      + " CamelScaleDownSubmitKey header) after its POST was answered: a submit with the same key within"
                      + " that time is answered from the store (CamelScaleDownSubmitReplayed=true), not posted again."
                      + " An intent whose POST got no answer is kept as long.")
    private long submitKeyRetention = 86_400_000;
    @UriParam(label = "producer", defaultValue = "list",
              description = "How output hands over the result items: list, or iterator to stream them (use with"
                      + " split(body()).streaming()).")
    private OutputMode outputMode = OutputMode.list;

    @UriParam(label = "consumer", defaultValue = "route",
              description = "What the results consumer does with an item whose error is set: route emits it with the"
                      + " error headers; exception hands it to the consumer's exception handler (the route's error"
                      + " handler with bridgeErrorHandler=true).")
    private ErrorItemHandling errorItemHandling = ErrorItemHandling.route;
    @UriParam(label = "consumer", defaultValue = "0",
              description = "The most result exchanges one poll routes (0: no limit). A batch cut short resumes with"
                      + " its next undelivered item on the next poll; batches not reached wait for it too.")
    private int maxMessagesPerPoll;
    @UriParam(label = "consumer", defaultValue = "1",
              description = "How many tracked batches the results consumer routes at the same time. With 1, a poll"
                      + " routes the batches that are ready one after the other on the poll thread. With more, a poll"
                      + " hands each batch that is ready (done or ended) to a pool of that many threads and returns at"
                      + " once, so a batch that is done is not kept waiting behind another one's items; the route must"
                      + " then be thread-safe, and results of different batches interleave (each batch's own order is"
                      + " kept). maxMessagesPerPoll then counts per batch delivery.")
    private int parallelBatches = 1;
    @UriParam(label = "consumer", defaultValue = "100",
              description = "The most tracked batches one poll takes: the batches due for a status call (past their"
                      + " next poll time) are claimed up to this many at a time, in one statement on the JDBC tracker;"
                      + " the others wait for the next poll. With parallelBatches, a poll takes no more than the"
                      + " delivery threads that are free.")
    private int maxBatchesPerPoll = 100;
    @UriParam(label = "consumer", defaultValue = "300000", javaType = "java.time.Duration",
              description = "The longest time between two status calls for one pending batch. A batch is polled again"
                      + " after a tenth of its age, at least delay and at most this, so a batch that runs for hours"
                      + " costs a few hundred status calls, not one per delay. A submit still wakes the consumer at"
                      + " once, and a batch found finished is delivered in the same poll. 0: every pending batch is"
                      + " polled at every poll (each delay).")
    private long maxPollInterval = 300_000L;
    @UriParam(label = "consumer,advanced", defaultValue = "1000",
              description = "Log delivery progress every this many items of a batch.")
    private int progressLogInterval = 1000;
    @UriParam(label = "consumer", defaultValue = "86400000", javaType = "java.time.Duration",
              description = "How long after submit a tracked batch may stay unfinished. When it is not terminal by"
                      + " then, each of its items not yet routed is emitted as an error item with code batch_timeout"
                      + " and the batch is no longer polled. 0 waits for ever.")
    private long batchTimeout = 86_400_000L;
    @UriParam(label = "consumer", defaultValue = "10",
              description = "How many calls for one batch (status and output calls together) may fail in a row: once"
                      + " the batch's failures in a row reach it, a failure a retry will not fix (404, 410, another 4xx"
                      + " except 408 and 429, an unreadable 2xx answer) gives the batch up: its items not yet routed"
                      + " are emitted as error items with code batch_unreachable. Retryable failures (5xx, 429, I/O)"
                      + " count toward the run but never give a batch up by themselves. The run ends when the batch"
                      + " makes progress.")
    private int maxPollFailures = 10;
    @UriParam(label = "consumer", defaultValue = "1",
              description = "How many times, in total, an item is submitted when its batch ends without an answer for"
                      + " it (see resubmitOn). With more than 1, such items go into a follow-up batch, with the same"
                      + " custom_id, request line and correlation headers, after a back-off from retryInitialDelay;"
                      + " each item is still emitted once, with the result of the attempt that answered it or, after"
                      + " the last attempt, as an error item with the last code. 1: no follow-ups. Needs submit and"
                      + " this consumer in one CamelContext on one tracker (submit then keeps each item's request"
                      + " line with the tracked batch).")
    private int maxAttempts = 1;
    @UriParam(label = "consumer", defaultValue = "batch_expired,batch_cancelled,missing_from_output,batch_failed",
              description = "The error codes whose items go into a follow-up batch while maxAttempts is not reached, as"
                      + " a comma list of batch_expired, batch_cancelled, missing_from_output, batch_failed and"
                      + " item_retryable (an item the API answered with an error and status_code 429 or 5xx).")
    private String resubmitOn = "batch_expired,batch_cancelled,missing_from_output,batch_failed";
    @UriParam(label = "consumer", defaultValue = "10000",
              description = "The most items one follow-up batch holds (see maxAttempts): more items without an answer"
                      + " are sent in several follow-up batches. The default is the aggregator's default maxItems; set"
                      + " it to the maxItems of your ScaleDownBatchAggregationStrategy to keep follow-ups within your"
                      + " own caps.")
    private int followUpMaxItems = ScaleDownBatchAggregationStrategy.DEFAULT_MAX_ITEMS;
    @UriParam(label = "consumer", defaultValue = "52428800",
              description = "The most bytes of request lines (newlines included) one follow-up batch holds (see"
                      + " maxAttempts): more are sent in several follow-up batches; an item larger than this on its"
                      + " own goes alone. The default is the aggregator's default maxBytes (50 MB); set it to the"
                      + " maxBytes of your ScaleDownBatchAggregationStrategy to keep follow-ups within your own caps.")
    private long followUpMaxBytes = ScaleDownBatchAggregationStrategy.DEFAULT_MAX_BYTES;

    /**
     * These options as client settings, in one step; the base URL, key and TLS context are given because they are
     * resolved against the environment and the Camel context.
     *
     * @throws IllegalArgumentException when an option is out of range or the key is missing
     */
    public ScaleDownClientSettings toClientSettings(String resolvedBaseUrl, String resolvedApiKey, SSLContext sslContext) {
        return new ScaleDownClientSettings(resolvedBaseUrl, resolvedApiKey, Duration.ofMillis(connectTimeout),
                Duration.ofMillis(requestTimeout), maxRetries, Duration.ofMillis(retryInitialDelay), retryMultiplier,
                Duration.ofMillis(retryMaxDelay), retryJitter, allowInsecureHttp, proxyHost,
                proxyHost == null ? 0 : proxyPort == null ? 80 : proxyPort, sslContext);
    }

    public ScaleDownConfiguration copy() {
        try {
            return (ScaleDownConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public long getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(long requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public long getRetryInitialDelay() {
        return retryInitialDelay;
    }

    public void setRetryInitialDelay(long retryInitialDelay) {
        this.retryInitialDelay = retryInitialDelay;
    }

    public double getRetryMultiplier() {
        return retryMultiplier;
    }

    public void setRetryMultiplier(double retryMultiplier) {
        this.retryMultiplier = retryMultiplier;
    }

    public long getRetryMaxDelay() {
        return retryMaxDelay;
    }

    public void setRetryMaxDelay(long retryMaxDelay) {
        this.retryMaxDelay = retryMaxDelay;
    }

    public double getRetryJitter() {
        return retryJitter;
    }

    public void setRetryJitter(double retryJitter) {
        this.retryJitter = retryJitter;
    }

    public boolean isAllowInsecureHttp() {
        return allowInsecureHttp;
    }

    public void setAllowInsecureHttp(boolean allowInsecureHttp) {
        this.allowInsecureHttp = allowInsecureHttp;
    }

    public String getProxyHost() {
        return proxyHost;
    }

    public void setProxyHost(String proxyHost) {
        this.proxyHost = proxyHost;
    }

    public Integer getProxyPort() {
        return proxyPort;
    }

    public void setProxyPort(Integer proxyPort) {
        this.proxyPort = proxyPort;
    }

    public SSLContextParameters getSslContextParameters() {
        return sslContextParameters;
    }

    public void setSslContextParameters(SSLContextParameters sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
    }

    public BatchTracker getTracker() {
        return tracker;
    }

    public void setTracker(BatchTracker tracker) {
        this.tracker = tracker;
    }

    public String getTrackerDirectory() {
        return trackerDirectory;
    }

    public void setTrackerDirectory(String trackerDirectory) {
        this.trackerDirectory = trackerDirectory;
    }

    public DataSource getTrackerDataSource() {
        return trackerDataSource;
    }

    public void setTrackerDataSource(DataSource trackerDataSource) {
        this.trackerDataSource = trackerDataSource;
    }

    public boolean isCreateTables() {
        return createTables;
    }

    public void setCreateTables(boolean createTables) {
        this.createTables = createTables;
    }

    public long getLeaseDuration() {
        return leaseDuration;
    }

    public void setLeaseDuration(long leaseDuration) {
        this.leaseDuration = leaseDuration;
    }

    public long getQueryTimeout() {
        return queryTimeout;
    }

    public void setQueryTimeout(long queryTimeout) {
        this.queryTimeout = queryTimeout;
    }

    public String getBatchId() {
        return batchId;
    }

    public void setBatchId(String batchId) {
        this.batchId = batchId;
    }

    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = model;
    }

    public String getInstructions() {
        return instructions;
    }

    public void setInstructions(String instructions) {
        this.instructions = instructions;
    }

    public Integer getMaxTokens() {
        return maxTokens;
    }

    public void setMaxTokens(Integer maxTokens) {
        this.maxTokens = maxTokens;
    }

    public String getEntities() {
        return entities;
    }

    public void setEntities(String entities) {
        this.entities = entities;
    }

    public String getLabels() {
        return labels;
    }

    public void setLabels(String labels) {
        this.labels = labels;
    }

    public String getSystemPrompt() {
        return systemPrompt;
    }

    public void setSystemPrompt(String systemPrompt) {
        this.systemPrompt = systemPrompt;
    }

    /**
     * The item parameters above, read and checked now.
     *
     * @throws IllegalArgumentException naming the option that is malformed
     */
    public ItemParameters itemParameters() {
        return new ItemParameters().model(model).instructions(instructions).maxTokens(maxTokens).entities(entities)
                .labels(labels).systemPrompt(systemPrompt);
    }

    public boolean isTrackSubmitted() {
        return trackSubmitted;
    }

    public void setTrackSubmitted(boolean trackSubmitted) {
        this.trackSubmitted = trackSubmitted;
    }

    public boolean isResubmitUncertain() {
        return resubmitUncertain;
    }

    public void setResubmitUncertain(boolean resubmitUncertain) {
        this.resubmitUncertain = resubmitUncertain;
    }

    public long getSubmitKeyRetention() {
        return submitKeyRetention;
    }

    public void setSubmitKeyRetention(long submitKeyRetention) {
        this.submitKeyRetention = submitKeyRetention;
    }

    public OutputMode getOutputMode() {
        return outputMode;
    }

    public void setOutputMode(OutputMode outputMode) {
        this.outputMode = outputMode;
    }

    public ErrorItemHandling getErrorItemHandling() {
        return errorItemHandling;
    }

    public void setErrorItemHandling(ErrorItemHandling errorItemHandling) {
        this.errorItemHandling = errorItemHandling;
    }

    public int getProgressLogInterval() {
        return progressLogInterval;
    }

    public int getMaxMessagesPerPoll() {
        return maxMessagesPerPoll;
    }

    public void setMaxMessagesPerPoll(int maxMessagesPerPoll) {
        this.maxMessagesPerPoll = maxMessagesPerPoll;
    }

    public int getParallelBatches() {
        return parallelBatches;
    }

    public void setParallelBatches(int parallelBatches) {
        this.parallelBatches = parallelBatches;
    }

    public void setProgressLogInterval(int progressLogInterval) {
        this.progressLogInterval = progressLogInterval;
    }

    public int getMaxBatchesPerPoll() {
        return maxBatchesPerPoll;
    }

    public void setMaxBatchesPerPoll(int maxBatchesPerPoll) {
        this.maxBatchesPerPoll = maxBatchesPerPoll;
    }

    public long getMaxPollInterval() {
        return maxPollInterval;
    }

    public void setMaxPollInterval(long maxPollInterval) {
        this.maxPollInterval = maxPollInterval;
    }

    public long getBatchTimeout() {
        return batchTimeout;
    }

    public void setBatchTimeout(long batchTimeout) {
        this.batchTimeout = batchTimeout;
    }

    public int getMaxPollFailures() {
        return maxPollFailures;
    }

    public void setMaxPollFailures(int maxPollFailures) {
        this.maxPollFailures = maxPollFailures;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public String getResubmitOn() {
        return resubmitOn;
    }

    public void setResubmitOn(String resubmitOn) {
        this.resubmitOn = resubmitOn;
    }

    public int getFollowUpMaxItems() {
        return followUpMaxItems;
    }

    public void setFollowUpMaxItems(int followUpMaxItems) {
        this.followUpMaxItems = followUpMaxItems;
    }

    public long getFollowUpMaxBytes() {
        return followUpMaxBytes;
    }

    public void setFollowUpMaxBytes(long followUpMaxBytes) {
        this.followUpMaxBytes = followUpMaxBytes;
    }
}

package xyz.scaledown.camel.tracking;

class InMemoryBatchTrackerTest extends BatchTrackerContractTest {

    @Override
    protected BatchTracker createTracker() {
        return new InMemoryBatchTracker();
    }
}

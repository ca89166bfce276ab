package fr.maillage.reporting.api;

import fr.maillage.events.CloudEvent;
import fr.maillage.events.partnership.PartnershipEvents;
import fr.maillage.events.partnership.PartnershipTopics;
import fr.maillage.events.partnership.PremisesApplicationReceived;
import fr.maillage.events.partnership.PremisesOffered;
import fr.maillage.events.partnership.PremisesState;
import fr.maillage.events.registry.RegistryTopics;
import fr.maillage.reporting.ReportingIntegrationTest;
import fr.maillage.reporting.store.LiveProjections;
import fr.maillage.security.ApiException;
import fr.maillage.testsupport.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class LiveStreamTest extends ReportingIntegrationTest {

    @Autowired
    LiveStream stream;

    @Autowired
    LiveProjections live;

    /** One server-sent event (the stream sends no comments: its heartbeat is an event). */
    record Sse(String name, String data) {
    }

    /** Reads a stream on a thread of its own; closing it closes the connection. */
    final class SseClient implements AutoCloseable {
        final BlockingQueue<Sse> events = new LinkedBlockingQueue<>();
        final Stream<String> lines;
        final HttpResponse<Stream<String>> response;

        SseClient() throws Exception {
            response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/api/v1/stream"))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
            lines = response.body();
            Thread reader = new Thread(() -> {
                String name = null;
                StringBuilder data = new StringBuilder();
                try {
                    for (String line : (Iterable<String>) lines::iterator) {
                        if (line.startsWith("event:")) {
                            name = line.substring(6).trim();
                        } else if (line.startsWith("data:")) {
                            data.append(line.substring(5));
                        } else if (line.isEmpty() && name != null) {
                            events.add(new Sse(name, data.toString()));
                            name = null;
                            data.setLength(0);
                        }
                    }
                } catch (RuntimeException closed) {
                    // the test closed the stream
                }
            }, "sse-client");
            reader.setDaemon(true);
            reader.start();
        }

        Sse next(String name, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                Sse event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (event != null && name.equals(event.name())) {
                    return event;
                }
            }
            throw new AssertionError("no '" + name + "' event within " + within);
        }

        @Override
        public void close() {
            lines.close();
        }
    }

    @Test
    void aNewPlaceIsPushedToAnOpenStreamWithoutBeingAskedFor() throws Exception {
        try (SseClient client = new SseClient()) {
            assertThat(client.response.statusCode()).isEqualTo(200);
            assertThat(client.response.headers().firstValue("Content-Type")).get().asString()
                    .startsWith("text/event-stream");
            long before = json(client.next("overview", Duration.ofSeconds(20))).path("total").asLong();
            client.next("summary", Duration.ofSeconds(20));

            place(unique("live"), "84").send();

            // an overview pushed for an earlier change may still be on its way: the first that counts ours
            Sse pushed = client.next("overview", Duration.ofSeconds(20));
            while (json(pushed).path("total").asLong() <= before) {
                pushed = client.next("overview", Duration.ofSeconds(20));
            }
            // how soon is the benchmark's to measure (freshness), not a timed unit test's
            assertThat(json(pushed).path("total").asLong()).isEqualTo(before + 1);
            JsonNode summary = json(client.next("summary", Duration.ofSeconds(20)));
            assertThat(summary.path("thirdPlaces").asLong()).isEqualTo(before + 1);
            assertThat(summary.path("fabriquesTarget").asInt()).isEqualTo(300);
        }
    }

    @Test
    void premisesWithApplicationsAreStillCountedAsOfferedInTheSummaryAndTheApi() throws Exception {
        try (SseClient client = new SseClient()) {
            JsonNode first = json(client.next("summary", Duration.ofSeconds(20)));
            long offeredBefore = first.path("premisesOffered").asLong();
            long onOfferBefore = getJson("/api/v1/premises-summary", null).path("onOffer").asLong();
            String offered = unique("premises-offered");
            String applied = unique("premises-applied");

            send(PartnershipTopics.EVENTS, offered, cloudEvent(PartnershipEvents.PREMISES_OFFERED, offered,
                    new PremisesOffered(offered, 1, Instant.now(), premises(offered, 1, "OFFERED"))));
            send(PartnershipTopics.EVENTS, applied, cloudEvent(PartnershipEvents.PREMISES_OFFERED, applied,
                    new PremisesOffered(applied, 1, Instant.now(), premises(applied, 1, "OFFERED"))));
            send(PartnershipTopics.EVENTS, applied, cloudEvent(PartnershipEvents.PREMISES_APPLICATION_RECEIVED, applied,
                    new PremisesApplicationReceived(applied, 2, Instant.now(), "app-1", "org-1",
                            premises(applied, 2, "APPLIED"))));
            awaitCaughtUp();
            long caughtUp = live.version();

            // summaries of earlier states may still be on their way (one with both premises still OFFERED)
            JsonNode summary = json(client.next("summary", Duration.ofSeconds(20)));
            while (summary.path("version").asLong() < caughtUp) {
                summary = json(client.next("summary", Duration.ofSeconds(20)));
            }
            assertThat(summary.path("premises").asLong()).isEqualTo(first.path("premises").asLong() + 2);
            assertThat(summary.path("premisesOffered").asLong()).as("OFFERED and APPLIED premises are on offer")
                    .isEqualTo(offeredBefore + 2);
            JsonNode page = getJson("/api/v1/premises-summary", null); // what the dashboard's headline shows
            assertThat(page.path("onOffer").asLong()).isEqualTo(onOfferBefore + 2);
            assertThat(page.path("onOffer").asLong()).isEqualTo(summary.path("premisesOffered").asLong());
        }
    }

    private static PremisesState premises(String id, long version, String status) {
        return new PremisesState(id, version, "org-lyon", "69123", "Lyon", "69", "84", "1 place Bellecour", 90,
                "OFFICE", "FREE", 0L, LocalDate.of(2027, 1, 1), null, status, version > 1 ? 1 : 0, null, Instant.now());
    }

    @Test
    void aBurstOfChangesIsCoalescedIntoAFewPushes() throws Exception {
        try (SseClient client = new SseClient()) {
            long before = json(client.next("overview", Duration.ofSeconds(20))).path("total").asLong();
            long versionBefore = live.version();
            long start = System.nanoTime();
            for (int i = 0; i < 200; i++) { // one at a time: they reach the projections in many batches
                place(unique("burst"), "84").send();
            }

            int pushes = 0;
            long total = before;
            while (total < before + 200) {
                total = json(client.next("overview", Duration.ofSeconds(20))).path("total").asLong();
                pushes++;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long changes = live.version() - versionBefore;
            assertThat(pushes).as("%d pushes in %.2f s for 200 changes", pushes, seconds)
                    .isLessThanOrEqualTo((int) Math.ceil(seconds / 0.25) + 1);
            assertThat(pushes).as("%d pushes for %d changes of the projections", pushes, changes).isLessThan((int) changes);
        }
    }

    @Test
    void anIdleStreamGetsHeartbeatsAndAClosedOneIsForgotten() throws Exception {
        // streams of earlier tests are forgotten a little after they close: counted from none
        await("earlier streams forgotten").atMost(Duration.ofSeconds(15)).until(() -> stream.openStreams() == 0);
        SseClient client = new SseClient();
        client.next("overview", Duration.ofSeconds(20));
        assertThat(stream.openStreams()).isEqualTo(1);
        // a heartbeat event (a page can see it, unlike a comment) telling how long a silence may last
        Sse heartbeat = client.next("heartbeat", Duration.ofSeconds(15));
        assertThat(json(heartbeat).path("everySeconds").asLong()).as("the tests' interval").isEqualTo(1);

        client.close();
        await("the closed stream is forgotten").atMost(Duration.ofSeconds(15))
                .until(() -> stream.openStreams() == 0);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aClientThatStopsReadingHoldsUpNoOtherStreamAndIsClosed(CapturedOutput output) throws Exception {
        CountDownLatch unblock = new CountDownLatch(1);
        AtomicInteger stuckWrites = new AtomicInteger();
        AtomicInteger readerWrites = new AtomicInteger();
        LiveStream own = new LiveStream(live, Duration.ofMillis(50), Duration.ofSeconds(15), Duration.ofMinutes(5),
                10, 10, Duration.ofSeconds(1)) {
            @Override
            SseEmitter newEmitter(long timeoutMillis) {
                boolean stuck = openStreams() == 0; // the first client never takes a byte
                return new SseEmitter(timeoutMillis) {
                    @Override
                    public void send(Set<DataWithMediaType> items) throws IOException {
                        if (stuck) {
                            stuckWrites.incrementAndGet();
                            awaitQuietly(unblock); // a servlet write waits for the socket to take the bytes
                            throw new IOException("broken pipe");
                        }
                        readerWrites.incrementAndGet();
                    }

                    @Override
                    public void complete() {
                        if (stuck) {
                            awaitQuietly(unblock); // the emitter's lock, which the stuck write holds
                        }
                        super.complete();
                    }
                };
            }
        };
        own.start();
        try {
            own.open("192.0.2.1");
            own.open("192.0.2.2");
            await("both first writes").atMost(Duration.ofSeconds(5))
                    .until(() -> stuckWrites.get() == 1 && readerWrites.get() == 1);

            place(unique("stalled"), "84").send();
            await("the reading client gets the change while the other's write is stuck")
                    .atMost(Duration.ofSeconds(5)).until(() -> readerWrites.get() >= 2);

            Thread.sleep(1_500); // past the stall timeout: the stuck stream is given up
            int before = readerWrites.get();
            place(unique("stalled"), "84").send();
            await("changes still reach the reading client once the stuck one is given up")
                    .atMost(Duration.ofSeconds(5)).until(() -> readerWrites.get() > before);
            assertThat(own.openStreams()).as("counted until its write gives up").isEqualTo(2);
            assertThat(stuckWrites.get()).as("no second write queued behind the stuck one").isEqualTo(1);
            assertThat(output.getOut()).as("a member of the public's address is personal data: not logged")
                    .contains("Closing a live stream").doesNotContain("192.0.2.1");

            unblock.countDown(); // the server's write timeout fails the write
            await("the stuck stream is gone once its write failed").atMost(Duration.ofSeconds(5))
                    .until(() -> own.openStreams() == 1);
        } finally {
            unblock.countDown();
            own.stop();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void streamsAreBoundedPerClientAddressAndAHeadOpensNone() throws Exception {
        // every client of this test context is 127.0.0.1: the streams other tests closed must be gone
        await("streams closed by earlier tests are forgotten").atMost(Duration.ofSeconds(40))
                .until(() -> stream.openStreams() == 0);
        int open = 0;
        List<SseClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                SseClient client = new SseClient();
                client.next("overview", Duration.ofSeconds(20));
                clients.add(client);
            }
            HttpResponse<String> ninth = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/api/v1/stream"))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ninth.statusCode()).isEqualTo(429);
            assertThat(ninth.headers().firstValue("Content-Type")).get().asString()
                    .startsWith("application/problem+json");
            assertThat(ninth.headers().firstValue("Retry-After")).isPresent();
            assertThat(Http.json().readTree(ninth.body()).path("detail").asString()).contains("at most 8");

            assertThat(head("text/event-stream").statusCode()).as("a HEAD answers as the GET would").isEqualTo(429);
            assertThat(stream.openStreams()).as("a HEAD holds no stream").isEqualTo(open + 8);
        } finally {
            clients.forEach(SseClient::close);
        }
        await("the closed streams are forgotten").atMost(Duration.ofSeconds(15))
                .until(() -> stream.openStreams() == 0);
        HttpResponse<Void> head = head("text/event-stream");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Type")).get().asString().startsWith("text/event-stream");
        assertThat(head("application/json").statusCode()).as("as the GET, which serves only events").isEqualTo(406);
        assertThat(stream.openStreams()).as("a HEAD holds no stream").isZero();
    }

    private HttpResponse<Void> head(String accept) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/stream"))
                .header("Accept", accept).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    @Test
    void anIpv6ClientsStreamsCountAgainstItsSlash64Network() {
        assertThat(LiveStream.clientOf("2001:db8:0:0:0:0:0:1")).isEqualTo(LiveStream.clientOf("2001:db8::ffff:1"))
                .isEqualTo("2001:db8:0:0::/64");
        assertThat(LiveStream.clientOf("2001:db8:0:1::1")).isEqualTo("2001:db8:0:1::/64");
        assertThat(LiveStream.clientOf("192.0.2.1")).isEqualTo("192.0.2.1");
        assertThat(LiveStream.clientOf("::ffff:192.0.2.1")).as("IPv4-mapped").isEqualTo("::ffff:192.0.2.1");
        assertThat(LiveStream.clientOf("[2001:db8::1]")).isEqualTo("2001:db8:0:0::/64");
        assertThat(LiveStream.clientOf("fe80::1%1")).isEqualTo("fe80:0:0:0::/64");
        // what a proxy forwarded that is no address is counted as given, and never looked up as a name
        assertThat(LiveStream.clientOf("g:1")).isEqualTo("g:1");
        assertThat(LiveStream.clientOf("[g:1]")).isEqualTo("[g:1]");
        assertThat(LiveStream.clientOf("2001:zz::1")).isEqualTo("2001:zz::1");

        LiveStream own = new LiveStream(live, Duration.ofMillis(50), Duration.ofSeconds(15), Duration.ofMinutes(5),
                100, 8, Duration.ofSeconds(30));
        own.start();
        try {
            for (int i = 1; i <= 8; i++) {
                own.open("2001:db8::" + Integer.toHexString(i));
            }
            assertThatThrownBy(() -> own.open("2001:db8::ffff"))
                    .isInstanceOfSatisfying(ApiException.class, refused -> assertThat(refused.status().value()).isEqualTo(429))
                    .hasMessageContaining("IPv6 /64");
            own.open("2001:db8:0:1::1"); // another network
            assertThat(own.openStreams()).isEqualTo(9);
        } finally {
            own.stop();
        }
    }

    private static JsonNode json(Sse event) {
        return Http.json().readTree(event.data());
    }
}

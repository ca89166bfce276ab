package fr.maillage.reporting.api;

import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class PublicAnswerCacheTest {

    private final AtomicLong version = new AtomicLong(1);
    private final AtomicInteger rendered = new AtomicInteger();
    private final PublicAnswerCache cache = new PublicAnswerCache(version::get);

    /** The controllers behind the cache: each rendering says which one it was. */
    private final FilterChain controllers = (request, response) -> {
        int n = rendered.incrementAndGet();
        response.setContentType("application/json");
        response.getOutputStream().write(("{\"rendering\":" + n + "}").getBytes(StandardCharsets.UTF_8));
    };

    private String get(String query) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/overview");
        request.setQueryString(query);
        MockHttpServletResponse response = new MockHttpServletResponse();
        cache.doFilter(request, response, controllers);
        assertThat(response.getStatus()).isEqualTo(200);
        return response.getContentAsString();
    }

    @Test
    void anAnswerIsServedAgainOnlyWhileTheProjectionsKeepTheirVersion() throws Exception {
        String first = get("region=52");
        assertThat(get("region=52")).isEqualTo(first);
        assertThat(rendered).hasValue(1);

        version.incrementAndGet();

        assertThat(get("region=52")).isNotEqualTo(first);
        assertThat(rendered).hasValue(2);
    }

    @Test
    void answersOfOlderVersionsMakeRoomAndNoMoreThanTheBoundAreKept() throws Exception {
        for (int i = 0; i < PublicAnswerCache.ENTRIES; i++) {
            get("departement=" + i);
        }
        assertThat(cache.size()).isEqualTo(PublicAnswerCache.ENTRIES);

        get("departement=one-too-many");
        assertThat(cache.size()).as("as many distinct queries of one version: the last is not kept")
                .isEqualTo(PublicAnswerCache.ENTRIES);

        version.incrementAndGet();
        get("region=52");
        assertThat(cache.size()).as("the answers of the older version are gone").isEqualTo(1);

        int before = rendered.get();
        get("region=52");
        assertThat(rendered).as("what the newer version keeps is still served").hasValue(before);
    }

    /** Runs the requests of a test at once; each test's threads end with it. */
    private final ExecutorService pool = Executors.newFixedThreadPool(5);

    @AfterEach
    void stopThePool() {
        pool.shutdownNow();
    }

    /** The first rendering waits until released; the ones after it answer at once. */
    private final CountDownLatch firstEntered = new CountDownLatch(1);
    private final CountDownLatch releaseFirst = new CountDownLatch(1);

    private FilterChain slowFirstRendering(int firstStatus) {
        return (request, response) -> {
            int n = rendered.incrementAndGet();
            if (n == 1) {
                firstEntered.countDown();
                await(releaseFirst);
                ((jakarta.servlet.http.HttpServletResponse) response).setStatus(firstStatus);
            }
            response.setContentType("application/json");
            response.getOutputStream().write(("{\"rendering\":" + n + "}").getBytes(StandardCharsets.UTF_8));
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private MockHttpServletResponse get(FilterChain chain) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        cache.doFilter(new MockHttpServletRequest("GET", "/api/v1/overview"), response, chain);
        return response;
    }

    /** Starts requests while the first one renders, and returns once all of them wait for it. */
    private List<Future<MockHttpServletResponse>> whileTheFirstRenders(FilterChain chain, int followers)
            throws Exception {
        Future<MockHttpServletResponse> first = pool.submit(() -> get(chain));
        await(firstEntered);
        List<Thread> waiting = new ArrayList<>();
        List<Future<MockHttpServletResponse>> all = new ArrayList<>(List.of(first));
        for (int i = 0; i < followers; i++) {
            all.add(pool.submit(() -> {
                synchronized (waiting) {
                    waiting.add(Thread.currentThread());
                }
                return get(chain);
            }));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) { // each one parked on the first one's answer, not just started
            synchronized (waiting) {
                if (waiting.size() == followers && waiting.stream().allMatch(t -> t.getState() == Thread.State.TIMED_WAITING)) {
                    break;
                }
            }
            assertThat(System.nanoTime()).as("requests waiting for the first rendering").isLessThan(deadline);
            Thread.onSpinWait();
        }
        return all;
    }

    @Test
    void requestsArrivingWhileTheSameQueryRendersShareThatAnswerInsteadOfRenderingAgain() throws Exception {
        FilterChain chain = slowFirstRendering(200);
        List<Future<MockHttpServletResponse>> all = whileTheFirstRenders(chain, 4);
        releaseFirst.countDown();
        for (Future<MockHttpServletResponse> answer : all) {
            MockHttpServletResponse response = answer.get(10, TimeUnit.SECONDS);
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getContentAsString()).isEqualTo("{\"rendering\":1}");
        }
        assertThat(rendered).hasValue(1);
    }

    @Test
    void whenTheRenderingTheyWaitedForIsNotAnAnswerToShareEachRendersItsOwn() throws Exception {
        FilterChain chain = slowFirstRendering(503);
        List<Future<MockHttpServletResponse>> all = whileTheFirstRenders(chain, 3);
        releaseFirst.countDown();
        assertThat(all.get(0).get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(503);
        for (Future<MockHttpServletResponse> answer : all.subList(1, all.size())) {
            assertThat(answer.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        }
        assertThat(rendered).hasValue(4);
    }

    @Test
    void aRequestThatSawANewerVersionDoesNotWaitForAnOlderRendering() throws Exception {
        FilterChain chain = slowFirstRendering(200);
        Future<MockHttpServletResponse> older = pool.submit(() -> get(chain));
        await(firstEntered);
        version.incrementAndGet();

        MockHttpServletResponse newer = get(chain);
        assertThat(newer.getContentAsString()).as("rendered while the older one still waits").isEqualTo("{\"rendering\":2}");

        releaseFirst.countDown();
        assertThat(older.get(10, TimeUnit.SECONDS).getContentAsString()).isEqualTo("{\"rendering\":1}");
        assertThat(get(chain).getContentAsString()).as("the newer version's answer is the one kept")
                .isEqualTo("{\"rendering\":2}");
    }
}
